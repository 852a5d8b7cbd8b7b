using Connector.Gateway.Hosting;

namespace Connector.Gateway.Mcp;

/// <summary>How much one caller may send: the body cap of POST /mcp and the per-user rate.</summary>
public sealed class RequestLimitsOptions : IHaveSettingProblems
{
    /// <summary>The largest request body accepted on POST /mcp (MAX_REQUEST_BYTES); larger ones get 413 before any parsing.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Calls per signed-in user per minute (RATE_LIMIT_PER_MINUTE), a token bucket per instance.</summary>
    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>What was wrong with the settings, each naming its variable; start-up stops on any.</summary>
    List<string> IHaveSettingProblems.Problems { get; } = [];
}
