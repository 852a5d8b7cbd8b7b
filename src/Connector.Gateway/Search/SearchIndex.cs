namespace Connector.Gateway.Search;

/// <summary>One built index of a search tool's items: by keyword always, by meaning when the app has an embedder.</summary>
internal sealed class SearchIndex(IReadOnlyList<SearchItem> items, KeywordIndex keywords, VectorIndex? meanings) : IDisposable
{
    public IReadOnlyList<SearchItem> Items => items;

    public KeywordIndex Keywords => keywords;

    public VectorIndex? Meanings => meanings;

    /// <summary>Builds the index; vectors come from the cache where the item's text is unchanged.</summary>
    public static SearchIndex Build(IReadOnlyList<SearchItem> items, ITextEmbedder? embedder, EmbeddingCache? cache)
    {
        var keywords = new KeywordIndex(items);
        if (embedder is null)
        {
            return new SearchIndex(items, keywords, null);
        }

        // Loads the model now, in the background, even when every vector is cached: a model that can't load is found
        // at start (and the tool refuses from then on), and the first query doesn't pay for loading it.
        embedder.Embed(["warm up"]);
        var known = cache?.Load() ?? [];
        var texts = items.Select(EmbeddedText).ToList();
        var hashes = texts.Select(t => Convert.ToHexString(EmbeddingCache.HashOf(t))).ToList();
        var missing = Enumerable.Range(0, items.Count).Where(i => !known.ContainsKey(hashes[i])).ToList();
        foreach (var batch in missing.Chunk(32))
        {
            var vectors = embedder.Embed([.. batch.Select(i => texts[i])]);
            for (var j = 0; j < batch.Length; j++)
            {
                known[hashes[batch[j]]] = vectors[j];
            }
        }

        var matrix = new float[items.Count * embedder.Dimensions];
        for (var i = 0; i < items.Count; i++)
        {
            known[hashes[i]].CopyTo(matrix, i * embedder.Dimensions);
        }

        if (missing.Count > 0)
        {
            // Only what the current items use: an edited item's old vector is dropped, so the file doesn't grow forever.
            cache?.Save(hashes.Distinct().ToDictionary(h => h, h => known[h]));
        }

        return new SearchIndex(items, keywords, new VectorIndex(matrix, embedder.Dimensions));
    }

    /// <summary>What an item's meaning is taken from: its title, then its text.</summary>
    public static string EmbeddedText(SearchItem item) => item.Title + ". " + item.Text;

    public void Dispose() => keywords.Dispose();
}
