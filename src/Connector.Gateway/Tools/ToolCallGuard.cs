using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Connector.Gateway.State;
using Connector.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
internal sealed partial class ToolCallGuard(AppBriefing app, SessionGate gate, IHttpContextAccessor http, TimeProvider time, ILogger<ToolCallGuard> logger)
{
    private const string Succeeded = "ok";

    public McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is not McpServerTool tool)
            {
                // No such tool: the SDK answers Invalid params. Its name is the caller's text (it may be a pasted
                // token), so it reaches no log line, span or metric.
                return await next(context, cancellationToken);
            }

            var started = time.GetTimestamp();
            var toolName = tool.ProtocolTool.Name;
            using var span = GatewayTelemetry.Source.StartActivity("tools/call " + toolName);
            var (result, outcome, failClosedCause) = await InvokeAsync(next, context, tool, cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            var level = outcome == Succeeded ? LogLevel.Debug : LogLevel.Information;
            var logged = logger.IsEnabled(level);
            var userHash = logged || span is not null ? UserHash.Of(context.User?.FindFirst("sub")?.Value) : null;
            Record(span, toolName, userHash, outcome, failClosedCause, elapsed);
            if (logged)
            {
                LogCall(logger, level, http.HttpContext?.TraceIdentifier ?? "-", userHash!, toolName, elapsed.TotalMilliseconds, outcome);
            }

            return result;
        };

    /// <summary>The call's span and measurements; free when no telemetry is exported (no span, no listener).</summary>
    private static void Record(Activity? span, string toolName, string? userHash, string outcome, string? failClosedCause, TimeSpan elapsed)
    {
        span?.SetTag(GatewayTelemetry.ToolAttribute, toolName)
            .SetTag(GatewayTelemetry.OutcomeAttribute, outcome)
            .SetTag(GatewayTelemetry.UserHashAttribute, userHash)
            .SetStatus(outcome is Succeeded or "error" or "bad-arguments" ? ActivityStatusCode.Unset : ActivityStatusCode.Error);
        if (GatewayTelemetry.ToolCalls.Enabled || GatewayTelemetry.ToolDuration.Enabled)
        {
            var tags = new TagList
            {
                { GatewayTelemetry.ToolAttribute, toolName },
                { GatewayTelemetry.OutcomeAttribute, outcome },
            };
            GatewayTelemetry.ToolCalls.Add(1, tags);
            GatewayTelemetry.ToolDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (failClosedCause is not null)
        {
            GatewayTelemetry.CountFailClosed(failClosedCause);
        }
    }

    private async Task<(CallToolResult Result, string Outcome, string? FailClosedCause)> InvokeAsync(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next,
        RequestContext<CallToolRequestParams> context,
        McpServerTool tool,
        CancellationToken cancellationToken)
    {
        var toolName = tool.ProtocolTool.Name;
        if (ToolArgumentCheck.FindProblem(toolName, tool.ProtocolTool.InputSchema, context.Params?.Arguments, app.FrontDoor) is { } problem)
        {
            return (Error(problem), "bad-arguments", null);
        }

        try
        {
            if (GatedTools.IsGated(toolName))
            {
                // The gate, before any app code: the session must have been minted for this verified bearer.
                var session = context.Params?.Arguments?.TryGetValue(SessionGate.ArgumentName, out var value) == true
                    && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                var userId = gate.RequireUser(context.User ?? new ClaimsPrincipal(), session);
                context.Services!.GetRequiredService<VerifiedUserSlot>().User = new VerifiedUser(userId);
            }

            var result = await next(context, cancellationToken);
            return (result, result.IsError == true ? "error" : Succeeded, null);
        }
        catch (ToolRefusal refusal)
        {
            return (Error(refusal.Message), "refused", refusal.FailClosedCause);
        }
        catch (StoreUnavailableException)
        {
            var refusal = Refusals.StoreUnavailable(app.Name);
            return (Error(refusal.Message), "store-unavailable", refusal.FailClosedCause);
        }
        catch (Exception ex) when (ex is not (McpProtocolException or OperationCanceledException))
        {
            LogUnexpected(logger, toolName, ex);
            var refusal = Refusals.Unexpected(app.Name);
            return (Error(refusal.Message), "failed", refusal.FailClosedCause);
        }
    }

    private static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>
    /// One line per call. Successful calls log at Debug: at full load the line cost about a tenth of the CPU
    /// of a call, for lines nobody reads; refusals and failures, the ones someone asks about, log at Information.
    /// </summary>
    [LoggerMessage(Message = "tool call request={RequestId} user={UserHash} tool={Tool} ms={DurationMs:F1} outcome={Outcome}")]
    private static partial void LogCall(ILogger logger, LogLevel level, string requestId, string userHash, string tool, double durationMs, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed unexpectedly; answered with the fail-closed refusal.")]
    private static partial void LogUnexpected(ILogger logger, string tool, Exception exception);
}
