using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.Mcp;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per signed-in user (per client address before sign-in), so
/// one noisy user is slowed without slowing anyone else. Over the limit: 429 with Retry-After. The buckets
/// live in this process: with several instances, a user's calls spread over them, and each allows the rate.
/// </summary>
internal static class UserRateLimit
{
    public const string PolicyName = "connector-per-user";

    public static IServiceCollection AddUserRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.RateLimitPerMinute;
                return RateLimitPartition.GetTokenBucketLimiter(
                    context.User.FindFirst("sub")?.Value is { } sub ? "user:" + sub : "address:" + context.Connection.RemoteIpAddress,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perMinute,
                        TokensPerPeriod = Math.Max(1, perMinute / 60),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
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
