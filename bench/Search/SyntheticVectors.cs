using Connector.Gateway.Search;

namespace Bench.Search;

/// <summary>
/// Vectors for a large catalog without embedding it (100,000 items would take about 40 minutes here): item i gets the
/// real vector of item i mod 1,000 (computed by the model), plus, past the first 1,000, small Gaussian noise
/// (σ = 0.02 per dimension, about 0.4 in length against 1), re-normalised to unit length. The similarities a query
/// sees then spread like real ones (not like random vectors', which all sit near 0), so the scan does the same work;
/// which item a vector belongs to is arbitrary, so semantic hits are not meaningful beyond the first 1,000.
/// </summary>
internal static class SyntheticVectors
{
    private const double Noise = 0.02;

    public static float[][] For(int count, float[][] real)
    {
        var random = new Random(Corpus.Seed + 1);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var source = real[i % real.Length];
            if (i < real.Length)
            {
                vectors[i] = source;
                continue;
            }

            var vector = new float[source.Length];
            var length = 0.0;
            for (var d = 0; d < vector.Length; d++)
            {
                // Box-Muller: a standard normal draw from two uniform ones.
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                vector[d] = (float)(source[d] + Noise * gaussian);
                length += vector[d] * (double)vector[d];
            }

            var scale = (float)(1 / Math.Sqrt(length));
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] *= scale;
            }

            vectors[i] = vector;
        }

        return vectors;
    }

    /// <summary>
    /// Writes the vectors where the search tool looks for its embedding cache, keyed as it keys them (a hash of each
    /// item's embedded text), so building the index goes through the real cache-loading path.
    /// </summary>
    public static void WriteCache(string dataDirectory, string toolName, string model, IReadOnlyList<SearchItem> items, float[][] vectors)
    {
        var cache = new EmbeddingCache(EmbeddingCache.PathFor(dataDirectory, toolName, model), vectors[0].Length);
        var byHash = new Dictionary<string, float[]>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            byHash[Convert.ToHexString(EmbeddingCache.HashOf(SearchIndex.EmbeddedText(items[i])))] = vectors[i];
        }

        cache.Save(byHash);
    }
}
