using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Connector.Gateway.Search;
using Connector.Search.MiniLM;
using Microsoft.Data.Sqlite;

namespace Bench.Search;

/// <summary>
/// One index build, measured in a process of its own (<c>Bench.Search probe keyword|hybrid N DIR</c>): a fresh process
/// is the only way to read what a build adds to resident memory, since memory freed by an earlier build stays with the
/// process. "keyword" is the FTS5 index alone; "hybrid" is what the search tool builds with an embedder (FTS5 plus the
/// vectors, read from the embedding cache the parent wrote into DIR); vectors alone are the difference.
/// </summary>
internal static class BuildProbe
{
    public const string Command = "probe";

    private static readonly JsonSerializerOptions s_line = new(Program.Json) { WriteIndented = false };

    public static int Measure(string part, int count, string dataDirectory)
    {
        var items = Corpus.Generate(count);
        CountingEmbedder? embedder = null;
        EmbeddingCache? cache = null;
        if (part == "hybrid")
        {
            // The model is loaded before the baseline: its ~240 MB belong to the app, not to the index.
            embedder = new CountingEmbedder(new MiniLmEmbedder());
            embedder.Embed(["load the model"]);
            embedder.Reset();
            cache = new EmbeddingCache(EmbeddingCache.PathFor(dataDirectory, Program.ToolName, embedder.Model), embedder.Dimensions);
        }

        // SQLite's native library is loaded before the baseline too.
        using (var connection = new SqliteConnection("Data Source=:memory:"))
        {
            connection.Open();
        }

        var managedBefore = ProcessMemory.ManagedBytes();
        var residentBefore = ProcessMemory.ResidentBytes;
        var sqliteBefore = SQLitePCL.raw.sqlite3_memory_used();
        var peakReset = ProcessMemory.ResetPeak();
        var started = Stopwatch.GetTimestamp();
        IDisposable index = part == "keyword" ? new KeywordIndex(items) : SearchIndex.Build(items, embedder, cache);
        var buildMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var peak = ProcessMemory.PeakResidentBytes;
        var managed = ProcessMemory.ManagedBytes() - managedBefore;
        var resident = ProcessMemory.ResidentBytes - residentBefore;
        var sqlite = SQLitePCL.raw.sqlite3_memory_used() - sqliteBefore;
        Console.WriteLine("PROBE " + JsonSerializer.Serialize(new ProbeResult(
            part, count, buildMs, Mb(managed), Mb(resident), peakReset ? Mb(peak - residentBefore) : null, Mb(sqlite),
            embedder?.Texts), s_line));
        GC.KeepAlive(index);
        GC.KeepAlive(items);
        return 0;
    }

    /// <summary>Runs one probe in a child process and reads its result.</summary>
    public static ProbeResult Run(string part, int count, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(BuildProbe).Assembly.Location, Command, part, count.ToString(CultureInfo.InvariantCulture), dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the build probe");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("PROBE ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"the {part} build probe of {count} items failed (exit {child.ExitCode}): {output}");
        }

        return JsonSerializer.Deserialize<ProbeResult>(line["PROBE ".Length..], Program.Json)!;
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}

/// <summary>
/// One build: its time, and what it added to the managed heap (after a full collection), to resident memory, at the
/// peak during the build (null where the kernel can't reset the peak), and to SQLite's own heap; and how many texts the
/// model was given during it (1 for a hybrid build from the cache: the warm-up call).
/// </summary>
internal sealed record ProbeResult(string Part, int Items, double BuildMs, double ManagedMb, double RssMb, double? PeakRssMb, double SqliteMb, long? TextsEmbedded);
