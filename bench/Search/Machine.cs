using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Bench.Search;

/// <summary>What the numbers were measured on, as RESULTS.md states it for the other benchmarks.</summary>
internal static partial class Machine
{
    public static object Describe() => new
    {
        Nproc = Environment.ProcessorCount,
        CpuModel = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim(),
        RamGib = Math.Round(long.Parse(MemTotal().Match(File.ReadAllText("/proc/meminfo")).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1048576.0, 1),
        Os = PrettyName().Match(File.Exists("/etc/os-release") ? File.ReadAllText("/etc/os-release") : "").Groups[1].Value,
        Kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    public static string[] LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[..3];

    [GeneratedRegex(@"MemTotal:\s+(\d+)")]
    private static partial Regex MemTotal();

    [GeneratedRegex("PRETTY_NAME=\"([^\"]+)\"")]
    private static partial Regex PrettyName();
}
