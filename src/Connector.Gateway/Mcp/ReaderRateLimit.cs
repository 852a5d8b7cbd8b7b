using System.Globalization;
using System.Threading.RateLimiting;
using Connector.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Gateway.Mcp;

/// <summary>
/// A token bucket per signed-in reader (per client address before sign-in), so one noisy reader is slowed
/// without slowing anyone else. Over the limit: 429 with Retry-After.
/// </summary>
internal static class ReaderRateLimit
{
    public const string PolicyName = "connector-per-reader";
    public const int DefaultPerMinute = 600;

    public static IServiceCollection AddReaderRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = int.TryParse(configuration.Text(GatewaySettings.RateLimitPerMinute), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultPerMinute;
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirst("sub")?.Value is { } sub ? "reader:" + sub : "address:" + context.Connection.RemoteIpAddress,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = Math.Max(1, perMinute / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                    : "1";
                await JsonRpcErrors.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, JsonRpcErrors.ServerError,
                    "Too Many Requests: slow down and retry after the time in Retry-After.");
            };
        });
    }
}
