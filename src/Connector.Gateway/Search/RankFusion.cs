namespace Connector.Gateway.Search;

/// <summary>
/// Reciprocal rank fusion: each list gives an item 1/(k + rank), and the sums decide. Ranks, not scores, so BM25 and
/// cosine need no common scale; k = 60 is the value of the method's authors, which keeps one list's top from
/// drowning the other's.
/// </summary>
internal static class RankFusion
{
    public const int K = 60;

    public static IReadOnlyList<(int Item, double Score)> Fuse(params IReadOnlyList<int>[] rankings)
    {
        var scores = new Dictionary<int, double>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                scores[ranking[rank]] = scores.GetValueOrDefault(ranking[rank]) + 1.0 / (K + rank + 1);
            }
        }

        return [.. scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select(s => (s.Key, s.Value))];
    }
}
