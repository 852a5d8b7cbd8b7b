using Connector.Gateway.Search;

namespace Bench.Search;

/// <summary>
/// The real embedder, counting the texts it is given: after an index is built from the embedding cache the count must
/// be 1 (the model warm-up <c>SearchIndex.Build</c> always does), which proves every item's vector came from the cache.
/// </summary>
internal sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private long _texts;

    public string Model => inner.Model;

    public int Dimensions => inner.Dimensions;

    public long Texts => Interlocked.Read(ref _texts);

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        Interlocked.Add(ref _texts, texts.Count);
        return inner.Embed(texts);
    }

    public void Reset() => Interlocked.Exchange(ref _texts, 0);
}
