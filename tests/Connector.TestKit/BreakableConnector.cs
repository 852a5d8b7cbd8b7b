namespace Connector.TestKit;

/// <summary>An app on a store of its own, and the way to break that store as a lost disk or database would.</summary>
public sealed class BreakableConnector<TEntryPoint>(GatewayServer<TEntryPoint> gateway, Func<Task> breakStore, Func<ValueTask> disposeStore) : IAsyncDisposable
    where TEntryPoint : class
{
    public GatewayServer<TEntryPoint> Gateway => gateway;

    public Task BreakStoreAsync() => breakStore();

    public async ValueTask DisposeAsync()
    {
        await gateway.DisposeAsync();
        await disposeStore();
    }
}
