using System.Runtime.CompilerServices;

namespace Connector.TestKit;

/// <summary>A test that needs a real PostgreSQL server; skipped, with the reason, where none can be started.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (PostgresCluster.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
