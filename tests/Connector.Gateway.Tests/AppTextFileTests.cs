using Connector.Gateway.Content;

namespace Connector.Gateway.Tests;

public sealed class AppTextFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("app-text-");

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    [Fact]
    public void Text_FileEdited_IsReadAgain()
    {
        File.WriteAllText(PathOf("rules.md"), "Be kind.\n");
        var rules = new AppTextFile(PathOf("rules.md"));
        Assert.Equal("Be kind.", rules.Text);

        File.WriteAllText(PathOf("rules.md"), "Be kinder.");
        File.SetLastWriteTimeUtc(PathOf("rules.md"), DateTime.UtcNow.AddSeconds(5));

        Assert.Equal("Be kinder.", rules.Text);
    }

    [Fact]
    public void Text_FileGoneOrEmptiedLater_KeepsTheLastGoodText()
    {
        File.WriteAllText(PathOf("persona.md"), "A calm voice.");
        var persona = new AppTextFile(PathOf("persona.md"));

        File.WriteAllText(PathOf("persona.md"), "   ");
        File.SetLastWriteTimeUtc(PathOf("persona.md"), DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("A calm voice.", persona.Text);

        File.Delete(PathOf("persona.md"));
        Assert.Equal("A calm voice.", persona.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" \n ")]
    public void New_FileMissingOrEmpty_StopsStartUp_NamingIt(string? content)
    {
        if (content is not null)
        {
            File.WriteAllText(PathOf("method.md"), content);
        }

        var refusal = Assert.Throws<AppContentException>(() => new AppTextFile(PathOf("method.md")));

        Assert.Contains(PathOf("method.md"), refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
