using System.Globalization;

namespace Bench.Search;

/// <summary>
/// This process's memory as the kernel counts it (/proc/self/status): resident now (VmRSS) and at its peak (VmHWM).
/// The keyword index lives in SQLite's native heap, which the managed heap's numbers don't see, so both are reported.
/// </summary>
internal static class ProcessMemory
{
    public static long ResidentBytes => Read("VmRSS");

    public static long PeakResidentBytes => Read("VmHWM");

    /// <summary>
    /// Resets VmHWM to the current resident size (Linux 4.0+: "5" to /proc/self/clear_refs), so the peak of one build
    /// is not the model load's or an earlier build's. False where the kernel refuses.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The managed heap after a full, compacting collection: what is really held.</summary>
    public static long ManagedBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Read(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(key.Length + 1).Trim()[..^3], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
