using System.Numerics.Tensors;

namespace Connector.Gateway.Search;

/// <summary>
/// Search by meaning: exact cosine similarity between the query's vector and every item's, in one contiguous block of
/// memory (SIMD through <see cref="TensorPrimitives"/>). Exact and simple up to about 100,000 items per instance; past
/// that an approximate index (e.g. pgvector's HNSW) is the next step.
/// </summary>
internal sealed class VectorIndex(float[] vectors, int dimensions)
{
    /// <summary>Below this similarity an item shares too little meaning with the query to be offered at all.</summary>
    public const float MinimumSimilarity = 0.2f;

    public int Count => vectors.Length / dimensions;

    /// <summary>Item positions and similarities, best first, at most <paramref name="limit"/>, none below the minimum.</summary>
    public IReadOnlyList<(int Item, float Similarity)> Search(float[] query, int limit)
    {
        var top = new PriorityQueue<int, float>(limit + 1);
        var all = vectors.AsSpan();
        for (var i = 0; i < Count; i++)
        {
            // Both sides have unit length, so the dot product is the cosine.
            var similarity = TensorPrimitives.Dot(all.Slice(i * dimensions, dimensions), query);
            if (similarity < MinimumSimilarity)
            {
                continue;
            }

            top.Enqueue(i, similarity);
            if (top.Count > limit)
            {
                top.Dequeue();
            }
        }

        var hits = new List<(int, float)>(top.Count);
        while (top.TryDequeue(out var item, out var similarity))
        {
            hits.Add((item, similarity));
        }

        hits.Reverse();
        return hits;
    }
}
