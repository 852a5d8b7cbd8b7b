namespace Connector.DevAuth.Hosting;

/// <summary>A start-up problem the operator can fix, reported as one plain message instead of a stack trace.</summary>
internal sealed class StartupRefusedException : Exception
{
    public StartupRefusedException()
    {
    }

    public StartupRefusedException(string message)
        : base(message)
    {
    }

    public StartupRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
