using System.Globalization;

namespace Bench.Search;

/// <summary>The benchmark's settings, from <c>--name value</c> pairs; bench/search passes its own through.</summary>
internal sealed record Options(
    int[] Sizes, int[] Concurrency, double DurationSeconds, int Rounds, double WarmupSeconds, int EmbedSample, string Out, string Work)
{
    public static Options Parse(string[] args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            given[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name, string fallback) => given.GetValueOrDefault(name, fallback);
        int[] Ints(string name, string fallback) => [.. Get(name, fallback).Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
        double Number(string name, string fallback) => double.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
        return new Options(
            Ints("sizes", "10000,100000"),
            Ints("concurrency", "1,16"),
            Number("duration", "10"),
            (int)Number("rounds", "2"),
            Number("warmup", "48"),
            (int)Number("embed-sample", "1000"),
            Get("out", "search-inprocess.json"),
            Get("work", Path.Combine(Path.GetTempPath(), "bench-search")));
    }
}
