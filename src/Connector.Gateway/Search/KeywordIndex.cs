using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Connector.Gateway.Search;

/// <summary>
/// Keyword search: SQLite FTS5 with BM25 over an in-memory database built from the items (content ships with the app,
/// so nothing is stored). The title weighs ten times the text; a query's words are matched as words (any of them), and
/// the whole query as a phrase first, so an exact title or phrase ranks first. The caller's text never reaches FTS5's
/// query syntax: each word is quoted, so <c>"</c>, <c>*</c>, <c>NEAR(</c> or <c>OR</c> are only words.
/// </summary>
internal sealed partial class KeywordIndex : IDisposable
{
    /// <summary>At most this many words of a query are searched for; the rest add nothing to a ranking.</summary>
    public const int MaxWords = 32;

    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    public KeywordIndex(IReadOnlyList<SearchItem> items)
    {
        _db = new SqliteConnection("Data Source=:memory:");
        _db.Open();
        Execute("CREATE VIRTUAL TABLE items USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2')");
        using var transaction = _db.BeginTransaction();
        using var insert = _db.CreateCommand();
        insert.CommandText = "INSERT INTO items (rowid, title, text) VALUES ($row, $title, $text)";
        var row = insert.Parameters.Add("$row", SqliteType.Integer);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        for (var i = 0; i < items.Count; i++)
        {
            row.Value = i;
            title.Value = items[i].Title;
            text.Value = items[i].Text;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The words of a query as FTS5 sees words (letters and digits), at most <see cref="MaxWords"/>.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        [.. WordPattern().Matches(query).Select(m => m.Value).Take(MaxWords)];

    /// <summary>
    /// Item positions, best first, with a snippet around the match (brackets mark matched words): first those holding
    /// the whole query as a phrase (<c>Exact</c>), then the rest by BM25.
    /// </summary>
    public IReadOnlyList<(int Item, string Snippet, bool Exact)> Search(IReadOnlyList<string> words, int limit)
    {
        if (words.Count == 0)
        {
            return [];
        }

        var quoted = words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"").ToList();
        var phrase = "\"" + string.Join(' ', words).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        lock (_gate)
        {
            using var command = _db.CreateCommand();
            // Phrase hits first (the title phrase before the text phrase, by weight), then any-word hits; each item once.
            command.CommandText = """
                SELECT rowid, snippet(items, -1, '[', ']', '…', 16), 0 AS tier, bm25(items, 10.0, 1.0) AS rank FROM items WHERE items MATCH $phrase
                UNION ALL
                SELECT rowid, snippet(items, -1, '[', ']', '…', 16), 1 AS tier, bm25(items, 10.0, 1.0) AS rank FROM items WHERE items MATCH $any
                ORDER BY tier, rank
                """;
            command.Parameters.AddWithValue("$phrase", phrase);
            command.Parameters.AddWithValue("$any", string.Join(" OR ", quoted));
            using var reader = command.ExecuteReader();
            var seen = new HashSet<long>();
            var hits = new List<(int, string, bool)>();
            while (hits.Count < limit && reader.Read())
            {
                if (seen.Add(reader.GetInt64(0)))
                {
                    hits.Add(((int)reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) == 0));
                }
            }

            return hits;
        }
    }

    public void Dispose() => _db.Dispose();

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
