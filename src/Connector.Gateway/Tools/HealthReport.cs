using System.ComponentModel;

namespace Connector.Gateway.Tools;

public sealed record HealthReport(
    [property: Description("ok, or degraded when the connector can't serve users right now.")] string Status,
    [property: Description("The app's version.")] string Version,
    [property: Description("reachable or unreachable: whether saved state can be read and written.")] string Store,
    [property: Description("How callers are identified.")] string Identity,
    [property: Description("Each search tool's state (ready, indexing, or unavailable and why); absent when the app has none.")] IReadOnlyDictionary<string, string>? Search,
    [property: Description("Present only when something needs attention.")] string? Warning);
