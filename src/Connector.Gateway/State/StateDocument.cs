using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Connector.Gateway.State;

/// <summary>Reading a stored <c>user_state.state</c>, the same way in every store.</summary>
internal static partial class StateDocument
{
    /// <summary>
    /// The stored JSON object. Anything else fails closed: a state we can't read is not an empty one, and
    /// must be neither shown as empty nor overwritten.
    /// </summary>
    public static JsonObject Parse(string text, ILogger logger)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("state is not a JSON object");
        }
        catch (JsonException ex)
        {
            LogCorruptState(logger);
            throw new StoreUnavailableException("A saved state could not be read.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A user's saved state is not a JSON object; refusing to read or overwrite it.")]
    private static partial void LogCorruptState(ILogger logger);
}
