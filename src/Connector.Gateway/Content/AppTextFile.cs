namespace Connector.Gateway.Content;

/// <summary>
/// One editable text file of an app (its rules, its persona, a tutor's method), re-read when it changes so the
/// wording can be tuned without a restart. A file missing or empty at start stops start-up; one that goes missing or
/// is emptied mid-edit later keeps the last good text.
/// </summary>
public sealed class AppTextFile(string path)
{
    private readonly AppContentFile<string> _file = new(path, text => text.Trim() is { Length: > 0 } trimmed
        ? trimmed
        : throw new InvalidOperationException("it is empty."));

    /// <summary>The file under the app's content root, e.g. <c>AppTextFile.In(environment, "Teacher", "method.md")</c>.</summary>
    public static AppTextFile In(Microsoft.Extensions.Hosting.IHostEnvironment environment, params string[] relativePath) =>
        new(Path.Combine([environment.ContentRootPath, .. relativePath]));

    public string Text => _file.Current;
}
