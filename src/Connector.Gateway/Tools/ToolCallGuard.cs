using Connector.Gateway.State;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Connector.Gateway.Tools;

/// <summary>
/// Wraps every tool call: arguments are checked against the schema first, and whatever goes wrong inside
/// comes back as a plain-words tool error that tells the AI to stop rather than improvise. Nothing of an
/// exception (type, stack, connection string) reaches the caller.
/// </summary>
internal sealed partial class ToolCallGuard(IConnectorApp app, ILogger<ToolCallGuard> logger)
{
    public McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var toolName = context.Params?.Name ?? "";
            if (context.MatchedPrimitive is McpServerTool tool
                && ToolArgumentCheck.FindProblem(toolName, tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { } problem)
            {
                LogRefused(logger, toolName, "arguments");
                return Error(problem);
            }

            try
            {
                return await next(context, cancellationToken);
            }
            catch (ToolRefusal refusal)
            {
                LogRefused(logger, toolName, "refusal");
                return Error(refusal.Message);
            }
            catch (StoreUnavailableException)
            {
                LogRefused(logger, toolName, "store unavailable");
                return Error(Refusals.StoreUnavailable(app.Name).Message);
            }
            catch (Exception ex) when (ex is not (McpProtocolException or OperationCanceledException))
            {
                LogUnexpected(logger, toolName, ex);
                return Error(Refusals.Unexpected(app.Name).Message);
            }
        };

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool {Tool} refused ({Why}).")]
    private static partial void LogRefused(ILogger logger, string tool, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed unexpectedly; answered with the fail-closed refusal.")]
    private static partial void LogUnexpected(ILogger logger, string tool, Exception exception);
}
