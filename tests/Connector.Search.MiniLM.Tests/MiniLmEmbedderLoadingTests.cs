using SentenceTransformers;

namespace Connector.Search.MiniLM.Tests;

/// <summary>When and how the model loads, with a stand-in for it: no model needed.</summary>
public sealed class MiniLmEmbedderLoadingTests
{
    [Fact]
    public void Embed_ModelFailsToLoad_SaysSoPlainlyAndKeepsTheCause()
    {
        var cause = new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies ... (long probe list)");
        using var embedder = new MiniLmEmbedder(() => throw cause);

        var error = Assert.Throws<InvalidOperationException>(() => embedder.Embed(["anything"]));

        Assert.StartsWith("The embedding model (all-MiniLM-L6-v2@", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("probe list", error.Message, StringComparison.Ordinal);
        Assert.Same(cause, error.InnerException);
        Assert.False(embedder.IsLoaded);
    }

    [Fact]
    public async Task WarmUpAsync_ModelFailsToLoad_FaultsAndLaterCallsFailTheSameWay()
    {
        var loads = 0;
        using var embedder = new MiniLmEmbedder(() =>
        {
            Interlocked.Increment(ref loads);
            throw new InvalidDataException("bad model");
        });

        var warmUp = await Assert.ThrowsAsync<InvalidOperationException>(embedder.WarmUpAsync);
        var later = Assert.Throws<InvalidOperationException>(() => embedder.Embed(["anything"]));

        Assert.Contains("could not be loaded", warmUp.Message, StringComparison.Ordinal);
        Assert.Same(warmUp, later);
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Embed_ManyFirstCallsAtOnce_LoadTheModelOnce()
    {
        var loads = 0;
        using var embedder = new MiniLmEmbedder(() =>
        {
            Interlocked.Increment(ref loads);
            Thread.Sleep(100);
            return new FakeEncoder(384);
        });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => embedder.Embed(["a"]))).Append(embedder.WarmUpAsync()));

        Assert.Equal(1, loads);
        Assert.True(embedder.IsLoaded);
    }

    [Fact]
    public void Constructor_DoesNotLoadTheModel()
    {
        var loads = 0;
        using var embedder = new MiniLmEmbedder(() =>
        {
            loads++;
            return new FakeEncoder(384);
        });

        Assert.Equal(0, loads);
        Assert.Empty(embedder.Embed([]));
        Assert.Equal(0, loads);
    }

    [Fact]
    public void Embed_ModelGivesTheWrongLength_Throws()
    {
        using var embedder = new MiniLmEmbedder(() => new FakeEncoder(768));

        var error = Assert.Throws<InvalidOperationException>(() => embedder.Embed(["a"]));

        Assert.Contains("768", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Twice_DisposesTheModelOnce()
    {
        var encoder = new FakeEncoder(384);
        var embedder = new MiniLmEmbedder(() => encoder);
        _ = embedder.Embed(["a"]);

        embedder.Dispose();
        embedder.Dispose();

        Assert.Equal(1, encoder.Disposals);
        Assert.Throws<ObjectDisposedException>(() => embedder.Embed(["a"]));
    }

    private sealed class FakeEncoder(int length) : ISentenceEncoder, IDisposable
    {
        public int Disposals { get; private set; }

        public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default) =>
            [.. sentences.Select(_ => new float[length])];

        public void Dispose() => Disposals++;
    }
}
