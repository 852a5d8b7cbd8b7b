using Microsoft.Extensions.Options;

namespace Connector.Gateway.Session;

internal sealed class SessionTokenOptionsValidator : IValidateOptions<SessionTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionTokenOptions options) =>
        options.Problem is { } problem ? ValidateOptionsResult.Fail(problem)
        : options.Secrets.Count == 0 ? ValidateOptionsResult.Fail("No session signing secret is configured.")
        : ValidateOptionsResult.Success;
}
