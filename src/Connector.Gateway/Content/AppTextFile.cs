namespace Connector.Gateway.Content;

/// <summary>
/// One editable text file of an app (its rules, its persona, a tutor's method), re-read when it changes so the
/// wording can be tuned without a restart. A file missing at start stops start-up; one that goes missing or is
/// mid-edit later keeps the last good text.
/// </summary>
public sealed class AppTextFile
{
    private readonly string _path;
    private (DateTime WrittenAt, string Text) _current;

    public AppTextFile(string path)
    {
        _path = Path.GetFullPath(path);
        if (!File.Exists(_path) || File.ReadAllText(_path).Trim() is not { Length: > 0 } text)
        {
            throw new InvalidOperationException($"The text file {_path} is missing or empty; it ships with the app.");
        }

        _current = (File.GetLastWriteTimeUtc(_path), text);
    }

    /// <summary>The file under the app's content root, e.g. <c>AppTextFile.In(environment, "Teacher", "method.md")</c>.</summary>
    public static AppTextFile In(Microsoft.Extensions.Hosting.IHostEnvironment environment, params string[] relativePath) =>
        new(Path.Combine([environment.ContentRootPath, .. relativePath]));

    public string Text
    {
        get
        {
            var current = _current;
            try
            {
                // A timestamp read per call, not a file watcher: it costs a stat, works on every file system
                // (inotify misses edits on some mounts) and needs nothing disposed.
                var writtenAt = File.GetLastWriteTimeUtc(_path);
                if (writtenAt != current.WrittenAt && File.ReadAllText(_path).Trim() is { Length: > 0 } text)
                {
                    _current = current = (writtenAt, text);
                }
            }
            catch (IOException)
            {
                // Mid-edit or briefly missing: the last good text is the safest answer.
            }

            return current.Text;
        }
    }
}
