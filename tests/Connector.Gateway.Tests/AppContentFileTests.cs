using Connector.Gateway.Content;

namespace Connector.Gateway.Tests;

public sealed class AppContentFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("app-content-");

    private string File1 => Path.Combine(_folder.FullName, "items.txt");

    [Fact]
    public void Current_FileEdited_IsParsedAgain_AndTheVersionChanges()
    {
        File.WriteAllText(File1, "a,b");
        var content = new AppContentFile<string[]>(File1, Parse);
        var before = content.Version;

        Write("a,b,c");

        Assert.Equal(["a", "b", "c"], content.Current);
        Assert.NotEqual(before, content.Version);
    }

    [Fact]
    public void Current_EditThatDoesNotParse_KeepsTheLastGoodContent()
    {
        File.WriteAllText(File1, "a,b");
        var content = new AppContentFile<string[]>(File1, Parse);

        Write("");

        Assert.Equal(["a", "b"], content.Current);
    }

    [Fact]
    public void New_ContentThatDoesNotParse_StopsStartUp_WithTheParsersWords()
    {
        File.WriteAllText(File1, "");

        var refusal = Assert.Throws<AppContentException>(() => new AppContentFile<string[]>(File1, Parse));

        Assert.Contains("no items", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(File1, refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static string[] Parse(string text) =>
        text.Length == 0 ? throw new InvalidOperationException("The list has no items.") : text.Split(',');

    private void Write(string text)
    {
        File.WriteAllText(File1, text);
        File.SetLastWriteTimeUtc(File1, DateTime.UtcNow.AddSeconds(5));
    }
}
