namespace Connector.Gateway.Search;

/// <summary>
/// Turns text into vectors whose cosine similarity says how close two texts are in meaning. The skeleton has none of
/// its own (a model is tens of megabytes); an app that wants search by meaning adds one, e.g. the local MiniLM model of
/// <c>Connector.Search.MiniLM</c>. Without one, search is by keyword only.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the model and its version: cached vectors are kept per model, so a new model recomputes them.</summary>
    string Model { get; }

    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>One unit-length vector per text, in order. Safe to call from several threads at once.</summary>
    float[][] Embed(IReadOnlyList<string> texts);
}
