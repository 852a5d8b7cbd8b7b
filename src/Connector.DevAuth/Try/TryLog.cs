namespace Connector.DevAuth.Try;

// Event ids from 100 up, clear of DevAuthLog's. Never the code, verifier or token: only who and what.
internal static partial class TryLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Try page: registered demo client {ClientId}.")]
    public static partial void RegisteredDemoClient(ILogger logger, string clientId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Try page: signed in sub {Subject} for {Resource}.")]
    public static partial void SignedIn(ILogger logger, string subject, string resource);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Try page: sign-in ended without a token: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
