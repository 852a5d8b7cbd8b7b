namespace Connector.Search.MiniLM.Tests;

/// <summary>One loaded model for all the tests that run it: loading takes about half a second and 200 MB.</summary>
public sealed class ModelFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}
