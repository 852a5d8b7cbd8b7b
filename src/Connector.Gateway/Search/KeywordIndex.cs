using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Connector.Gateway.Search;

/// <summary>
/// Keyword search: SQLite FTS5 with BM25 over an in-memory database built from the items (content ships with the app,
/// so nothing is stored). The title weighs ten times the text. Hits come in three tiers: the whole query as a phrase
/// (so an exact title or phrase ranks first), then every word of it, then any word. The caller's text never reaches FTS5's
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
    /// Item positions, best first, with a snippet around the match (brackets mark matched words) and their tier: 0 for
    /// the whole query as a phrase, 1 for every word, 2 for some; by BM25 within a tier.
    /// </summary>
    public IReadOnlyList<KeywordHit> Search(IReadOnlyList<string> words, int limit)
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
            // Each item once, in its best tier.
            command.CommandText = """
                SELECT rowid, snippet(items, -1, '[', ']', '…', 16), 0 AS tier, bm25(items, 10.0, 1.0) AS rank FROM items WHERE items MATCH $phrase
                UNION ALL
                SELECT rowid, snippet(items, -1, '[', ']', '…', 16), 1 AS tier, bm25(items, 10.0, 1.0) AS rank FROM items WHERE items MATCH $all
                UNION ALL
                SELECT rowid, snippet(items, -1, '[', ']', '…', 16), 2 AS tier, bm25(items, 10.0, 1.0) AS rank FROM items WHERE items MATCH $any
                ORDER BY tier, rank
                """;
            command.Parameters.AddWithValue("$phrase", phrase);
            command.Parameters.AddWithValue("$all", string.Join(" AND ", quoted));
            command.Parameters.AddWithValue("$any", string.Join(" OR ", quoted));
            using var reader = command.ExecuteReader();
            var seen = new HashSet<long>();
            var hits = new List<KeywordHit>();
            while (hits.Count < limit && reader.Read())
            {
                if (seen.Add(reader.GetInt64(0)))
                {
                    hits.Add(new KeywordHit((int)reader.GetInt64(0), reader.GetString(1), (int)reader.GetInt64(2)));
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
