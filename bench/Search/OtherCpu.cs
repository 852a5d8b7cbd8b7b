using System.Diagnostics;
using System.Globalization;

namespace Bench.Search;

/// <summary>
/// How much CPU everything else on the machine used while a run lasted (another build, a test suite), in % of one
/// core: all busy time in /proc/stat minus this process's own. A row measured on a busy machine then says so.
/// </summary>
internal sealed class OtherCpu
{
    // USER_HZ: /proc/stat counts in 1/100 s on every Linux the benchmark targets.
    private const double TicksPerSecond = 100;

    // Fields 1, 2, 3, 6, 7 of the "cpu" line: user, nice, system, irq, softirq.
    private static readonly int[] s_busyFields = [1, 2, 3, 6, 7];

    private readonly long _busyTicks = BusyTicks();
    private readonly TimeSpan _own = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _started = Stopwatch.GetTimestamp();

    public double Percent()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var busy = (BusyTicks() - _busyTicks) / TicksPerSecond;
        var own = (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalSeconds;
        return Math.Max(0, 100 * (busy - own) / Math.Max(elapsed, 1e-6));
    }

    /// <summary>user + nice + system + irq + softirq of all CPUs (idle, iowait and the hypervisor's steal left out).</summary>
    private static long BusyTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return s_busyFields.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
    }
}
