namespace Connector.DevAuth.Try;

/// <summary>What the /try callback needs to finish one demo sign-in.</summary>
internal sealed record TryLogin(string Verifier, string Resource, DateTimeOffset ExpiresAt);
