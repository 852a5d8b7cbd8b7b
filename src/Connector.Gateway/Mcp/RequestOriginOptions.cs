using Connector.Gateway.Hosting;

namespace Connector.Gateway.Mcp;

/// <summary>Who may reach POST /mcp from a browser, and under which Host names (DNS-rebinding protection).</summary>
public sealed class RequestOriginOptions : IHaveSettingProblems
{
    /// <summary>Origins a browser may call from. A request without an Origin (server-to-server hosts) is always allowed.</summary>
    public HashSet<string> AllowedOrigins { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host header values (host[:port]) accepted besides loopback names. Empty with <see cref="AnyHost"/> false: only the public host.</summary>
    public HashSet<string> AllowedHosts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>ALLOWED_HOSTS=*: skip the Host check (e.g. behind a proxy that rewrites Host).</summary>
    public bool AnyHost { get; set; }

    /// <summary>What was wrong with ALLOWED_ORIGINS or ALLOWED_HOSTS, each naming its variable; start-up stops on any.</summary>
    List<string> IHaveSettingProblems.Problems { get; } = [];
}
