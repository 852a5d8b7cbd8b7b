using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Connector.Gateway.Search;

/// <summary>
/// Keyword search: SQLite FTS5 with BM25 over an in-memory database built from the items (content ships with the app,
/// so nothing is stored). The title weighs ten times the text. Hits come in three tiers: the whole query as a phrase
/// (so an exact title or phrase ranks first), then every word of it, then any telling word. The caller's text never
/// reaches FTS5's query syntax: each word is quoted, so <c>"</c>, <c>*</c>, <c>NEAR(</c> or <c>OR</c> are only words.
/// </summary>
internal sealed partial class KeywordIndex : IDisposable
{
    /// <summary>At most this many words of a query are searched for; the rest add nothing to a ranking.</summary>
    public const int MaxWords = 32;

    /// <summary>
    /// Words too common to say what a query is about ("why does the moon look like…"). The any-word tier leaves them
    /// out: they would match nearly every item, and ranking all of them is what makes a long question slow. The phrase
    /// and every-word tiers keep them.
    /// </summary>
    private static readonly FrozenSet<string> s_commonWords = FrozenSet.ToFrozenSet(
        ("a about above after again all also am an and any are as at be because been before being below between both but by can "
        + "could did do does doing down during each few for from further had has have having he her here hers him his how i if in "
        + "into is it its just me more most my no nor not of off on once only or other our out over own same she should so some "
        + "such than that the their them then there these they this those through to too under until up very was we were what "
        + "when where which while who whom why will with would you your").Split(' '), StringComparer.OrdinalIgnoreCase);

    // A named in-memory database in shared-cache mode: every pooled connection to the name reads the same index, so
    // searches run in parallel; this one keeps it alive (SQLite drops it with its last connection).
    private readonly SqliteConnection _keeper;
    private readonly string _connectionString;

    public KeywordIndex(IReadOnlyList<SearchItem> items)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = "search-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
        _keeper = new SqliteConnection(_connectionString);
        _keeper.Open();
        Execute(_keeper, "CREATE VIRTUAL TABLE items USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2')");
        // BM25 with the title weighing ten times the text, as the table's rank: FTS5 then orders and limits without sorting every match.
        Execute(_keeper, "INSERT INTO items (items, rank) VALUES ('rank', 'bm25(10.0, 1.0)')");
        using var transaction = _keeper.BeginTransaction();
        using var insert = _keeper.CreateCommand();
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

    /// <summary>Item positions, best first, with their tier: 0 the whole query as a phrase, 1 every word, 2 some telling word.</summary>
    public IReadOnlyList<KeywordHit> Search(IReadOnlyList<string> words, int limit)
    {
        if (words.Count == 0)
        {
            return [];
        }

        var telling = words.Where(w => !s_commonWords.Contains(w)).ToList();
        using var db = Open();
        var hits = new List<KeywordHit>();
        var seen = new HashSet<int>();
        string?[] tiers = [Phrase(words), string.Join(" AND ", words.Select(Quote)), telling.Count == 0 ? null : string.Join(" OR ", telling.Select(Quote))];
        for (var tier = 0; tier < tiers.Length && hits.Count < limit; tier++)
        {
            if (tiers[tier] is not { } match)
            {
                continue;
            }

            using var command = db.CreateCommand();
            command.CommandText = "SELECT rowid FROM items WHERE items MATCH $match ORDER BY rank LIMIT $limit";
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            while (hits.Count < limit && reader.Read())
            {
                if (seen.Add(reader.GetInt32(0)))
                {
                    hits.Add(new KeywordHit(reader.GetInt32(0), tier));
                }
            }
        }

        return hits;
    }

    /// <summary>A short passage of the item around the query's words ([brackets] mark them), or null when none is in it.</summary>
    public string? Snippet(int item, IReadOnlyList<string> words)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT snippet(items, -1, '[', ']', '…', 16) FROM items WHERE items MATCH $match AND rowid = $row";
        command.Parameters.AddWithValue("$match", string.Join(" OR ", words.Select(Quote)));
        command.Parameters.AddWithValue("$row", item);
        return command.ExecuteScalar() as string;
    }

    public void Dispose() => _keeper.Dispose();

    private static string Quote(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Phrase(IReadOnlyList<string> words) => Quote(string.Join(' ', words));

    private SqliteConnection Open()
    {
        var db = new SqliteConnection(_connectionString);
        db.Open();
        return db;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
