using Connector.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connector.Gateway.State;

/// <summary>SQLITE_PATH, or <c>reading-room.db</c> under DATA_DIR.</summary>
internal sealed class SqliteStoreOptionsSetup(IConfiguration configuration) : IConfigureOptions<SqliteStoreOptions>
{
    public void Configure(SqliteStoreOptions options) =>
        options.Path = Path.GetFullPath(configuration.Text(GatewaySettings.SqlitePath)
            ?? Path.Combine(configuration.DataDirectory(), "connector-state.db"));
}
