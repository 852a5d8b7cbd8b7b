using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.State;

internal sealed class PostgresStoreOptionsSetup(IConfiguration configuration) : IConfigureOptions<PostgresStoreOptions>, IValidateOptions<PostgresStoreOptions>
{
    public void Configure(PostgresStoreOptions options)
    {
        try
        {
            options.ConnectionString = DatabaseUrl.ToConnectionString(configuration.Text(GatewaySettings.DatabaseUrl) ?? "");
        }
        catch (FormatException ex)
        {
            options.Problem = ex.Message;
        }
    }

    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options) =>
        options.Problem is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
