using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Mcp;

/// <summary>
/// DNS-rebinding protection for POST /mcp, checked before anything else: a browser page on another origin,
/// or a request addressed to a host name this server doesn't answer to, gets 403. Hosts like Claude call
/// server-to-server and send no Origin, so they pass. Loopback host names are always accepted: a rebinding
/// attack arrives under the attacker's own name, never as "localhost".
/// </summary>
internal sealed partial class RequestOriginGuard(IOptions<RequestOriginOptions> options, ILogger<RequestOriginGuard> logger)
{
    public async Task<bool> AllowAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin;
        if (origin.Count > 0 && !options.Value.AllowedOrigins.Contains(origin.ToString().TrimEnd('/')))
        {
            LogRefused(logger, "Origin");
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status403Forbidden, JsonRpcErrors.ServerError,
                "Forbidden: requests from this Origin are not allowed.");
            return false;
        }

        if (!options.Value.AnyHost && !IsAllowedHost(request.Host))
        {
            LogRefused(logger, "Host");
            await JsonRpcErrors.WriteAsync(context, StatusCodes.Status403Forbidden, JsonRpcErrors.ServerError,
                "Forbidden: this server does not answer to that Host name.");
            return false;
        }

        return true;
    }

    private bool IsAllowedHost(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host.Trim('[', ']');
        return options.Value.AllowedHosts.Contains(host.Value!)
            || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to /mcp: its {Header} is not allowed.")]
    private static partial void LogRefused(ILogger logger, string header);
}
