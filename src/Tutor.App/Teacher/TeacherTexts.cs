using Connector.Gateway.Content;

namespace Tutor.App.Teacher;

/// <summary>The teacher's editable texts (<c>Teacher/*.md</c>), read at start and re-read when they change.</summary>
public sealed class TeacherTexts(IHostEnvironment environment)
{
    private readonly AppTextFile _rules = AppTextFile.In(environment, "Teacher", "rules.md");
    private readonly AppTextFile _persona = AppTextFile.In(environment, "Teacher", "persona.md");
    private readonly AppTextFile _method = AppTextFile.In(environment, "Teacher", "method.md");

    public string Rules => _rules.Text;

    public string Persona => _persona.Text;

    /// <summary>How to teach one section, step by step.</summary>
    public string Method => _method.Text;
}
