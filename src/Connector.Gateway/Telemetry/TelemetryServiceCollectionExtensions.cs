using Connector.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Connector.Gateway.Telemetry;

/// <summary>
/// OpenTelemetry, on only when an OTLP endpoint is set (the standard OTEL_* variables, read by the exporter):
/// the incoming requests (health probes left out), the gateway's own spans and instruments
/// (<see cref="GatewayTelemetry"/>) and ASP.NET Core's request metrics. Unset, nothing is registered at all.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration, string defaultServiceName)
    {
        services.AddOptions<OtlpSettings>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<OtlpSettings>, OtlpSettings.Setup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OtlpSettings>, SettingProblemsValidator<OtlpSettings>>());
        if (!OtlpSettings.IsExporting(configuration))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry();
        if (configuration.Text(OtlpSettings.ServiceName) is null)
        {
            telemetry.ConfigureResource(resource => resource.AddService(defaultServiceName));
        }

        telemetry
            .WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsProbe(context.Request.Path))
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        return services;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
