using Microsoft.Extensions.Options;

namespace Connector.Gateway.Hosting;

/// <summary>Options read from settings that collect what was wrong with them, each naming its variable.</summary>
internal interface IHaveSettingProblems
{
    List<string> Problems { get; }
}

/// <summary>Stops start-up on any problem a setup found (exit code 2 with every variable named, see ConnectorGatewayHost).</summary>
internal sealed class SettingProblemsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IHaveSettingProblems
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        options.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Problems);
}
