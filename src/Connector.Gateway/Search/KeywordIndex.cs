using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Connector.Gateway.Search;

/// <summary>
/// Keyword search: SQLite FTS5 with BM25 over an in-memory database built from the items (content ships with the app,
/// so nothing is stored). The title weighs ten times the text. Hits come in three tiers: the whole query as a phrase
/// (so an exact title or phrase ranks first), then every telling word of it, then any telling word. The caller's text never
/// reaches FTS5's query syntax: each word is quoted, so <c>"</c>, <c>*</c>, <c>NEAR(</c> or <c>OR</c> are only words.
/// </summary>
internal sealed partial class KeywordIndex : IDisposable
{
    /// <summary>At most this many words of a query are searched for; the rest add nothing to a ranking.</summary>
    public const int MaxWords = 32;

    /// <summary>
    /// A tier ranks at most this many matching rows. FTS5's BM25 costs about a microsecond a row, so ranking every item
    /// that shares a common word with the query takes tens of milliseconds at 100,000 items. Past this, the tier ranks
    /// the items with the match in their title, then the first of the others.
    /// </summary>
    public const int MaxRanked = 1000;

    /// <summary>
    /// Words too common to say what a query is about ("why does the moon look like…"). Only the phrase tier keeps them:
    /// they would match nearly every item and barely narrow the others, and ranking or marking them is what makes a
    /// long question slow.
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
        // BM25 with the title weighing ten times the text, as the table's rank.
        Execute(_keeper, "INSERT INTO items (items, rank) VALUES ('rank', 'bm25(10.0, 1.0)')");
        // The titles again, alone: when a tier has too many matches to rank, those with it in the title are found here
        // without reading every match's text (a column filter on the table above would).
        Execute(_keeper, "CREATE VIRTUAL TABLE titles USING fts5(title, tokenize = 'porter unicode61 remove_diacritics 2')");
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

        Execute(_keeper, "INSERT INTO titles (rowid, title) SELECT rowid, title FROM items");
        transaction.Commit();
    }

    /// <summary>The words of a query as FTS5 sees words (letters and digits), at most <see cref="MaxWords"/>.</summary>
    public static IReadOnlyList<string> Words(string query) =>
        [.. WordPattern().Matches(query).Select(m => m.Value).Take(MaxWords)];

    /// <summary>
    /// Item positions, best first, with their tier: 0 the whole query as a phrase, 1 every telling word (every word when
    /// none is telling), 2 some telling word.
    /// <see cref="KeywordMatches.Narrowed"/> says whether some tier had too many matches to rank them all.
    /// </summary>
    public KeywordMatches Search(IReadOnlyList<string> words, int limit)
    {
        if (words.Count == 0)
        {
            return new KeywordMatches([], false);
        }

        var telling = TellingWords(words);
        using var db = Open();
        var hits = new List<KeywordHit>();
        var seen = new HashSet<int>();
        var narrowed = false;
        // With no telling word, "every word" means all of them, and "any word" would match nearly every item.
        string?[] tiers = [Phrase(words), string.Join(" AND ", (telling ?? words).Select(Quote)), telling is null ? null : string.Join(" OR ", telling.Select(Quote))];
        for (var tier = 0; tier < tiers.Length && hits.Count < limit; tier++)
        {
            // A tier that asks what an earlier one asked (a one-word query's phrase is the word) would add nothing.
            if (tiers[tier] is not { } match || tiers.Take(tier).Contains(match))
            {
                continue;
            }

            var count = Count(db, match, MaxRanked + 1);
            if (count <= MaxRanked)
            {
                if (count > 0)
                {
                    Rank(db, "items", match, tier, limit, hits, seen);
                }

                continue;
            }

            // Too many to rank: the items with the match in their title first, as BM25 would mostly order them, then
            // the rest among the first matches in the catalog's order.
            narrowed = true;
            Rank(db, "titles", match, tier, limit, hits, seen);
            if (hits.Count < limit)
            {
                Rank(db, "items", match, tier, limit, hits, seen);
            }
        }

        return new KeywordMatches(hits, narrowed);
    }

    /// <summary>
    /// For each given item, a short passage around the query's words ([brackets] mark them), when one is in it. The
    /// telling words are marked when the query has some: brackets on every "the" say nothing, and looking each common
    /// word up again costs more than the rest of the passage.
    /// </summary>
    public IReadOnlyDictionary<int, string> Snippets(IReadOnlyCollection<int> items, IReadOnlyList<string> words)
    {
        var snippets = new Dictionary<int, string>();
        if (items.Count == 0 || words.Count == 0)
        {
            return snippets;
        }

        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT snippet(items, -1, '[', ']', '…', 16) FROM items WHERE items MATCH $match AND rowid = $row";
        command.Parameters.AddWithValue("$match", string.Join(" OR ", (TellingWords(words) ?? words).Select(Quote)));
        var row = command.Parameters.Add("$row", SqliteType.Integer);
        foreach (var item in items)
        {
            row.Value = item;
            if (command.ExecuteScalar() is string snippet)
            {
                snippets[item] = snippet;
            }
        }

        return snippets;
    }

    public void Dispose() => _keeper.Dispose();

    private static string Quote(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The query's words less the common ones, or null when every one is common.</summary>
    private static List<string>? TellingWords(IReadOnlyList<string> words)
    {
        var telling = words.Where(w => !s_commonWords.Contains(w)).ToList();
        return telling.Count > 0 ? telling : null;
    }

    private static string Phrase(IReadOnlyList<string> words) => Quote(string.Join(' ', words));

    private static int Count(SqliteConnection db, string match, int atMost)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM (SELECT 1 FROM items WHERE items MATCH $match LIMIT $atMost)";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$atMost", atMost);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the best of at most <see cref="MaxRanked"/> of the match's rows (in the catalog's order) by BM25, until <paramref name="limit"/> hits.</summary>
    private static void Rank(SqliteConnection db, string table, string match, int tier, int limit, List<KeywordHit> hits, HashSet<int> seen)
    {
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT rowid FROM (SELECT rowid, rank FROM {table} WHERE {table} MATCH $match LIMIT $ranked) ORDER BY rank LIMIT $limit";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$ranked", MaxRanked);
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
