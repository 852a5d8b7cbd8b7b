namespace Connector.Template.Tests;

/// <summary>
/// The parts of this repository a new app builds on (the skeleton, the dev sign-in, the test kit, the shared build
/// settings and the template), copied to a temporary folder so generating an app never touches the checkout.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    private static readonly string[] s_parts =
    [
        "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig",
        "src/Connector.Gateway", "src/Connector.DevAuth", "tests/Directory.Build.props", "tests/Connector.TestKit", "templates",
    ];

    public RepositoryCopy()
    {
        foreach (var part in s_parts)
        {
            var from = System.IO.Path.Combine(RepositoryRoot, part);
            var to = System.IO.Path.Combine(Path, part);
            if (File.Exists(from))
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
                File.Copy(from, to);
            }
            else
            {
                CopyFolder(from, to);
            }
        }
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("connector-template-").FullName;

    /// <summary>The checkout this test runs from: the folder above <c>tests/</c>.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build server still holding a file; the OS temp cleaner will get it.
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(d => System.IO.Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyFolder(folder, System.IO.Path.Combine(to, System.IO.Path.GetFileName(folder)));
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "templates", "connector-app")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with templates/connector-app) is not above " + AppContext.BaseDirectory);
    }
}
