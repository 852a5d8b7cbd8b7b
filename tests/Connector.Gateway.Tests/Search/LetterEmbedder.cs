using Connector.Gateway.Search;

namespace Connector.Gateway.Tests.Search;

/// <summary>
/// A small real embedder for the skeleton's own tests: each text becomes its letter counts, normalised. Texts with
/// the same letters are close. It counts its calls, so caching can be seen, and can be told to fail, as a model
/// that won't load does.
/// </summary>
internal sealed class LetterEmbedder(bool broken = false) : ITextEmbedder
{
    private int _embedded;

    public string Model => "letters@1";

    public int Dimensions => 26;

    public int Embedded => _embedded;

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        if (broken)
        {
            throw new InvalidOperationException("The embedding model could not be loaded.");
        }

        Interlocked.Add(ref _embedded, texts.Count);
        return [.. texts.Select(Vector)];
    }

    private static float[] Vector(string text)
    {
        var vector = new float[26];
        foreach (var c in text.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z'))
        {
            vector[c - 'a']++;
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : [.. vector.Select(v => v / length)];
    }
}
