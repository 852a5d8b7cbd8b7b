namespace Bench.Search;

/// <summary>One of the fixed benchmark queries (queries.txt) and its kind, so latency can be told apart by length.</summary>
internal sealed record Query(string Text, QueryKind Kind)
{
    /// <summary>
    /// The queries, the kinds taken in turn (a word, three words, a sentence, a word…), so that a short run, which
    /// gets through only the first few, still has each kind in its share.
    /// </summary>
    public static IReadOnlyList<Query> LoadAll() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "queries.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => new Query(line, line.Split(' ').Length switch
            {
                1 => QueryKind.OneWord,
                <= 3 => QueryKind.ThreeWords,
                _ => QueryKind.Sentence,
            }))
            .GroupBy(q => q.Kind)
            .SelectMany(kind => kind.Select((query, i) => (query, i)))
            .OrderBy(q => q.i)
            .ThenBy(q => q.query.Kind)
            .Select(q => q.query)];
}

internal enum QueryKind
{
    OneWord,
    ThreeWords,
    Sentence,
}
