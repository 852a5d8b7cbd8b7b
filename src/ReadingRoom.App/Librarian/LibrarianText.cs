namespace ReadingRoom.App.Librarian;

/// <summary>
/// One editable text file (rules or persona). Re-read when the file changes, so a librarian's wording
/// can be tuned without a restart; a file that goes missing keeps the last good text.
/// </summary>
internal sealed class LibrarianText
{
    private readonly string _path;
    private (DateTime WrittenAt, string Text) _current;

    public LibrarianText(string path)
    {
        _path = path;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The librarian text {path} is missing; it ships with the app in Librarian/.");
        }

        _current = (File.GetLastWriteTimeUtc(path), File.ReadAllText(path).Trim());
    }

    public string Text
    {
        get
        {
            var current = _current;
            try
            {
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
