using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Mcp;

/// <summary>Reads MAX_REQUEST_BYTES and RATE_LIMIT_PER_MINUTE strictly: a malformed value stops start-up, naming it.</summary>
internal sealed class RequestLimitsOptionsSetup(IConfiguration configuration) : IConfigureOptions<RequestLimitsOptions>
{
    public void Configure(RequestLimitsOptions options)
    {
        var (bytes, bytesProblem) = configuration.WholeNumber(GatewaySettings.MaxRequestBytes, options.MaxRequestBodyBytes, 1024, 64L * 1024 * 1024, "bytes");
        var (rate, rateProblem) = configuration.WholeNumber(GatewaySettings.RateLimitPerMinute, options.RateLimitPerMinute, 1, 1_000_000_000, "calls per minute");
        options.MaxRequestBodyBytes = bytes;
        options.RateLimitPerMinute = (int)rate;
        ((IHaveSettingProblems)options).Problems.AddRange(new[] { bytesProblem, rateProblem }.OfType<string>());
    }
}
