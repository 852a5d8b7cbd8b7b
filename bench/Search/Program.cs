using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bench.Search;
using Connector.Gateway.Search;
using Connector.Search.MiniLM;
using Microsoft.Extensions.Logging.Abstractions;

if (args.Length == 4 && args[0] == BuildProbe.Command)
{
    return BuildProbe.Measure(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
}

var options = Options.Parse(args);
var started = Stopwatch.GetTimestamp();
var meta = new Dictionary<string, object?>
{
    ["date"] = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
    ["machine"] = Machine.Describe(),
    ["loadavg_start"] = Machine.LoadAverage(),
    ["options"] = options,
    ["vectors"] = "real all-MiniLM-L6-v2 vectors of the first items (the embedding sample); past them, item i has the real vector of item i mod sample plus Gaussian noise (sigma 0.02 per dimension), re-normalised, written to the embedding cache and loaded through it",
};
var queries = Query.LoadAll();
meta["queries"] = queries.GroupBy(q => q.Kind).ToDictionary(g => g.Key.ToString(), g => g.Count());
Program.Say($"{queries.Count} queries; sizes {string.Join(", ", options.Sizes)}; {options.Rounds} rounds of {options.DurationSeconds} s per (mode, concurrency)");

// The synthetic catalog, once at the largest size: smaller ones are its prefixes.
var generating = Stopwatch.GetTimestamp();
var all = Corpus.Generate(options.Sizes.Max());
var corpus = new
{
    Seed = Corpus.Seed,
    GenerateMs = Math.Round(Stopwatch.GetElapsedTime(generating).TotalMilliseconds),
    WordsPerItem = Math.Round(all.Average(i => i.Text.Split(' ').Length), 1),
    Example = all[0],
};
Program.Say($"generated {all.Count:N0} items in {corpus.GenerateMs} ms ({corpus.WordsPerItem} words each on average); e.g. \"{all[0].Title}\"");

// Real embedding throughput on a sample, as the tool's first build embeds (batches of 32 of title + text).
using var miniLm = new MiniLmEmbedder();
var embedder = new CountingEmbedder(miniLm);
var loading = Stopwatch.GetTimestamp();
embedder.Embed(["warm up"]);
var modelLoadMs = Stopwatch.GetElapsedTime(loading).TotalMilliseconds;
var sample = all.Take(options.EmbedSample).Select(SearchIndex.EmbeddedText).ToList();
embedder.Embed(sample[..32]);
var embedding = Stopwatch.GetTimestamp();
var embeddingOtherCpu = new OtherCpu();
var real = sample.Chunk(32).SelectMany(batch => embedder.Embed(batch)).ToArray();
var embedSeconds = Stopwatch.GetElapsedTime(embedding).TotalSeconds;
var embed = new
{
    Model = embedder.Model,
    ModelLoadMs = Math.Round(modelLoadMs),
    SampleItems = sample.Count,
    Seconds = Math.Round(embedSeconds, 2),
    ItemsPerSecond = Math.Round(sample.Count / embedSeconds, 1),
    MsPerItem = Math.Round(1000 * embedSeconds / sample.Count, 2),
    OtherCpuPct = Math.Round(embeddingOtherCpu.Percent(), 1),
    ExtrapolatedSeconds = options.Sizes.ToDictionary(n => n.ToString(CultureInfo.InvariantCulture), n => Math.Round(n * embedSeconds / sample.Count)),
};
Program.Say($"embedded {sample.Count} items in {embedSeconds:F1} s ({embed.ItemsPerSecond} items/s): "
    + string.Join(", ", embed.ExtrapolatedSeconds.Select(e => $"{e.Key} items would take {e.Value / 60:F1} min")));

var sizes = new List<object>();
var firstSize = true;
foreach (var size in options.Sizes.Order())
{
    sizes.Add(await Program.MeasureSize(options, all.Take(size).ToList(), real, embedder, queries, firstSize));
    firstSize = false;
}

meta["loadavg_end"] = Machine.LoadAverage();
meta["elapsed_s"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds);
await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(new { Meta = meta, Corpus = corpus, Embedding = embed, Sizes = sizes }, Program.Json));
Program.Say($"wrote {options.Out}");
return 0;

internal static partial class Program
{
    public const string ToolName = "domain_search_items";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>% of a core used by other processes during a run above which it is repeated.</summary>
    private const double RetryAbovePercent = 15;

    /// <summary>How many busy runs the whole benchmark may repeat (each costs a run's time).</summary>
    private static int s_retriesLeft = 8;

    private static readonly SearchWords s_words = new("Search the items", "Finds items.", "Fetch an item by its id.");

    public static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    /// <summary>One catalog size: the cache written, the builds probed, then every (mode, concurrency) timed.</summary>
    public static async Task<object> MeasureSize(Options options, List<SearchItem> items, float[][] real, CountingEmbedder embedder, IReadOnlyList<Query> queries, bool first)
    {
        var n = items.Count;
        var dataDirectory = Path.Combine(options.Work, n.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dataDirectory);
        var writing = Stopwatch.GetTimestamp();
        SyntheticVectors.WriteCache(dataDirectory, ToolName, embedder.Model, items, SyntheticVectors.For(n, real));
        var cacheWriteMs = Math.Round(Stopwatch.GetElapsedTime(writing).TotalMilliseconds);
        var cacheFile = EmbeddingCache.PathFor(dataDirectory, ToolName, embedder.Model);
        Say($"{n:N0} items: embedding cache written in {cacheWriteMs} ms ({new FileInfo(cacheFile).Length / 1048576.0:F0} MB)");

        var keywordBuild = BuildProbe.Run("keyword", n, dataDirectory);
        var hybridBuild = BuildProbe.Run("hybrid", n, dataDirectory);
        if (hybridBuild.TextsEmbedded != 1)
        {
            throw new InvalidOperationException($"the hybrid build embedded {hybridBuild.TextsEmbedded} texts: its vectors did not all come from the cache");
        }

        Say($"{n:N0} items: keyword index built in {keywordBuild.BuildMs:F0} ms (+{keywordBuild.RssMb} MB resident, SQLite heap {keywordBuild.SqliteMb} MB); "
            + $"hybrid in {hybridBuild.BuildMs:F0} ms (+{hybridBuild.RssMb} MB resident, +{hybridBuild.ManagedMb} MB managed, peak +{hybridBuild.PeakRssMb} MB)");

        // The three ways to search: the tool as an app without an embedder has it, by meaning alone (the query embedded,
        // then the exact scan for the tool's 50 candidates), and the tool as the Reading Room has it.
        var source = new SearchSource(() => 1, () => items);
        using var keyword = new SearchService(ToolName, source, s_words, null, dataDirectory, NullLogger<SearchService>.Instance);
        await keyword.EnsureIndexing();
        embedder.Reset();
        using var hybrid = new SearchService(ToolName, source, s_words, embedder, dataDirectory, NullLogger<SearchService>.Instance);
        await hybrid.EnsureIndexing();
        VectorIndex meanings;
        using (var index = SearchIndex.Build(items, embedder, new EmbeddingCache(cacheFile, embedder.Dimensions)))
        {
            meanings = index.Meanings!;
        }

        if (embedder.Texts != 2 || !hybrid.Status.Contains("hybrid", StringComparison.Ordinal) || !keyword.Status.StartsWith("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"indexes not as expected: {embedder.Texts} texts embedded, {keyword.Status}, {hybrid.Status}");
        }

        var modes = new (string Name, Action<string> Search)[]
        {
            ("keyword", q => keyword.SearchAsync(q, 1, CancellationToken.None).GetAwaiter().GetResult()),
            ("semantic", q => meanings.Search(embedder.Embed([q])[0], 50)),
            ("hybrid", q => hybrid.SearchAsync(q, 1, CancellationToken.None).GetAwaiter().GetResult()),
        };
        var probe = queries.First(q => q.Kind == QueryKind.Sentence).Text;
        var found = (await hybrid.SearchAsync(probe, 1, CancellationToken.None)).Results;
        var firstHit = found.Count > 0 ? found[0] : null;
        Say($"{n:N0} items: \"{probe}\" -> {firstHit?.Title} ({string.Join('+', firstHit?.MatchedBy ?? [])})");

        var warmup = WarmUp(queries, modes, first ? options.WarmupSeconds * 0.75 : options.WarmupSeconds * 0.25);
        var runs = new List<object>();
        var cells = new Dictionary<(string, int), List<RunResult>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Every run of a round starts at the same query, each round at another, spread over the list.
            var firstQuery = (round - 1) * queries.Count / options.Rounds;
            foreach (var c in options.Concurrency)
            {
                // The order of the modes rotates each round, so none is always measured first.
                foreach (var (name, search) in modes.Skip(round % modes.Length).Concat(modes.Take(round % modes.Length)))
                {
                    Thread.Sleep(300);
                    var result = LoadRun.Run(queries, search, c, TimeSpan.FromSeconds(options.DurationSeconds), firstQuery);
                    // A run during which other processes were busy is repeated (at most twice, within a budget for the
                    // whole benchmark), and the quietest attempt kept, as bench.py does.
                    for (var attempt = 2; result.OtherCpuPercent > RetryAbovePercent && s_retriesLeft > 0 && attempt <= 3; attempt++)
                    {
                        s_retriesLeft--;
                        Say($"   other processes used {result.OtherCpuPercent:F0}% of a core during that run: repeating it");
                        var again = LoadRun.Run(queries, search, c, TimeSpan.FromSeconds(options.DurationSeconds), firstQuery);
                        result = again.OtherCpuPercent < result.OtherCpuPercent ? again : result;
                    }

                    var latencies = result.Samples.Select(s => s.Ms).ToList();
                    Say($"{n,7:N0} items  round {round}  c={c,-2}  {name,-8}  {result.QueriesPerSecond,8:F1} q/s  p50 {Percentiles.Of(latencies, 50),7:F2} ms"
                        + $"  p99 {Percentiles.Of(latencies, 99),7:F2} ms  errors {result.Errors}  other CPU {result.OtherCpuPercent:F0}%");
                    if (result.FirstError is not null)
                    {
                        Say($"   first error: {result.FirstError}");
                    }

                    runs.Add(new { Mode = name, C = c, Round = round, Queries = result.Samples.Count, result.Seconds, Qps = Math.Round(result.QueriesPerSecond, 1), result.Errors, OtherCpuPct = Math.Round(result.OtherCpuPercent, 1) });
                    (cells.TryGetValue((name, c), out var list) ? list : cells[(name, c)] = []).Add(result);
                }
            }
        }

        return new
        {
            Items = n,
            CacheWriteMs = cacheWriteMs,
            CacheFileMb = Math.Round(new FileInfo(cacheFile).Length / 1048576.0, 1),
            Builds = new { Keyword = keywordBuild, Hybrid = hybridBuild },
            Warmup = warmup,
            Runs = runs,
            Summary = cells.Select(cell => Summarize(cell.Key.Item1, cell.Key.Item2, cell.Value)).ToList(),
        };
    }

    /// <summary>
    /// Load before measuring, so the JIT has reached its final code: bursts of 5 s at c=16 over the modes in turn, with
    /// a pause between them (tiered compilation promotes hot methods only after 100 ms without new first-tier work,
    /// which unbroken load keeps postponing; see bench/README.md).
    /// </summary>
    private static object WarmUp(IReadOnlyList<Query> queries, (string Name, Action<string> Search)[] modes, double seconds)
    {
        var bursts = Math.Max(modes.Length, (int)Math.Round(seconds / 5 / modes.Length) * modes.Length);
        Say($"warming up: {bursts} bursts of {seconds / bursts:F1} s at c=16, the modes in turn");
        var rates = new List<object>();
        for (var i = 0; i < bursts; i++)
        {
            var (name, search) = modes[i % modes.Length];
            var result = LoadRun.Run(queries, search, 16, TimeSpan.FromSeconds(seconds / bursts));
            rates.Add(new { Mode = name, Qps = Math.Round(result.QueriesPerSecond, 1) });
            Say($"   {name} {result.QueriesPerSecond:F1} q/s");
            Thread.Sleep(500);
        }

        return new { Seconds = seconds, Bursts = rates };
    }

    private static object Summarize(string mode, int c, List<RunResult> rounds)
    {
        var samples = rounds.SelectMany(r => r.Samples).ToList();
        var latencies = samples.Select(s => s.Ms).ToList();
        return new
        {
            Mode = mode,
            C = c,
            Queries = samples.Count,
            Qps = Math.Round(samples.Count / rounds.Sum(r => r.Seconds), 1),
            QpsRounds = rounds.Select(r => Math.Round(r.QueriesPerSecond, 1)).ToList(),
            P50Ms = Math.Round(Percentiles.Of(latencies, 50), 3),
            P99Ms = Math.Round(Percentiles.Of(latencies, 99), 3),
            P50MsByKind = samples.GroupBy(s => s.Kind).ToDictionary(g => g.Key.ToString(), g => Math.Round(Percentiles.Of([.. g.Select(s => s.Ms)], 50), 3)),
            Errors = rounds.Sum(r => r.Errors),
            OtherCpuMaxPct = Math.Round(rounds.Max(r => r.OtherCpuPercent), 1),
        };
    }
}
