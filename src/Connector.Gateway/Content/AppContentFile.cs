namespace Connector.Gateway.Content;

/// <summary>
/// One content file of an app (a catalog, a course, its rules), parsed by the app's own loader and parsed again when
/// the file changes, so content can be edited without a restart. A file that can't be read or parsed at start stops
/// start-up (<see cref="AppContentException"/>, with the loader's message saying why); one that breaks later keeps the
/// last good content, so a half-saved edit never reaches a user.
/// </summary>
public sealed class AppContentFile<T>
    where T : class
{
    private readonly string _path;
    private readonly Func<string, T> _parse;
    private (DateTime WrittenAt, T Content) _current;

    /// <param name="path">The file.</param>
    /// <param name="parse">Reads the file's text into content; throws, saying what is wrong, when it can't.</param>
    public AppContentFile(string path, Func<string, T> parse)
    {
        _path = Path.GetFullPath(path);
        _parse = parse;
        if (!File.Exists(_path))
        {
            throw new AppContentException($"The content file {_path} is missing; it ships with the app.");
        }

        try
        {
            _current = (File.GetLastWriteTimeUtc(_path), parse(File.ReadAllText(_path)));
        }
        catch (Exception ex) when (ex is not AppContentException)
        {
            throw new AppContentException($"The content file {_path} can't be used: {ex.Message}", ex);
        }
    }

    /// <summary>The content as last read, read again first if the file was written since.</summary>
    public T Current
    {
        get
        {
            var current = _current;
            try
            {
                // A timestamp read per call, not a file watcher: it costs a stat, works on every file system
                // (inotify misses edits on some mounts) and needs nothing disposed.
                var writtenAt = File.GetLastWriteTimeUtc(_path);
                if (writtenAt != current.WrittenAt)
                {
                    _current = current = (writtenAt, _parse(File.ReadAllText(_path)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Text.Json.JsonException or FormatException)
            {
                // Mid-edit, briefly missing or not valid yet: the last good content is the safest answer.
            }

            return current.Content;
        }
    }

    /// <summary>Changes whenever <see cref="Current"/> does (e.g. for a search index to rebuild).</summary>
    public object Version
    {
        get
        {
            _ = Current;
            return _current.WrittenAt;
        }
    }
}
