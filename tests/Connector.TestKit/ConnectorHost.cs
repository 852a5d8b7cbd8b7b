namespace Connector.TestKit;

/// <summary>
/// One app under test for a class of checks: the real dev sign-in and the real app on Kestrel, on one kind of store.
/// Checks use fresh users, never shared data. Where the store can't run here (no PostgreSQL server binaries), the
/// host says why and every check that needs it is skipped with that reason.
/// </summary>
public abstract class ConnectorHost<TEntryPoint> : IAsyncLifetime
    where TEntryPoint : class
{
    private DevAuthServer? _auth;
    private GatewayServer<TEntryPoint>? _gateway;

    public DevAuthServer Auth => _auth ?? throw new InvalidOperationException(UnavailableReason);

    public GatewayServer<TEntryPoint> Gateway => _gateway ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary>"sqlite" or "postgresql", as <c>health</c> and the telemetry name it.</summary>
    public abstract string StoreKind { get; }

    /// <summary>Why this store can't run here, or null when it can.</summary>
    public virtual string? UnavailableReason => null;

    /// <summary>A valid token for <paramref name="user"/>, minted by the dev sign-in for this app.</summary>
    public Task<string> TokenFor(string user) => Auth.MintAsync(user, Gateway.McpUrl);

    /// <summary>One value from the app's store, looking behind its API; parameters are <c>$1</c>, <c>$2</c>, ….</summary>
    public abstract Task<object?> ScalarAsync(string sql, params object[] parameters);

    /// <summary>A second app on a store of its own, for a check that breaks it.</summary>
    public abstract Task<BreakableConnector<TEntryPoint>> StartBreakableAsync();

    public async ValueTask InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        _auth = new DevAuthServer();
        _gateway = await StartGatewayAsync(_auth);
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_auth is not null)
        {
            await _auth.DisposeAsync();
        }

        await DisposeStoreAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<GatewayServer<TEntryPoint>> StartGatewayAsync(DevAuthServer auth);

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;
}
