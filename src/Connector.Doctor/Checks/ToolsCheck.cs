using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connector.Doctor.Checks;

/// <summary>
/// The tools as a host shows and calls them: listed (the same in both protocol eras), named within the hosts' rule,
/// labelled (title, read-only or destructive, which hosts use to ask before a write), and the front door the
/// instructions name actually callable.
/// </summary>
internal static partial class ToolsCheck
{
    public const string ListId = "tools-list";
    public const string List2026Id = "tools-list-2026";
    public const string NamesId = "tool-names";
    public const string AnnotationsId = "tool-annotations";
    public const string FrontDoorId = "front-door";
    private const string DefaultFrontDoor = "begin_session";

    public static async Task RunAsync(CheckContext context, McpSessionCheck.Session session)
    {
        var (tools, failed) = await ListAsync((parameters, page) => McpRpc.Send2025Async(context, "tools/list", parameters, 10 + page, session.SessionId));
        const string ListTitle = "tools/list";
        if (failed is not null)
        {
            context.Fail(ListId, ListTitle, failed.Problem, "Answer tools/list with {\"tools\": [...]}: without it a host shows no tools.");
            return;
        }

        var names = tools.Select(t => CheckContext.Text(t, "name") ?? "").ToList();
        context.Pass(ListId, ListTitle, $"{tools.Count} tools: {string.Join(", ", names)}");
        await Check2026ListAsync(context, session, names);
        CheckNames(context, names);
        CheckAnnotations(context, tools);
        await CheckFrontDoorAsync(context, session, names);
    }

    /// <summary>Every page of tools/list as one era sends it (at most 20 pages), or the reply that broke off the list.</summary>
    private static async Task<(List<JsonElement> Tools, McpRpc.Reply? Failed)> ListAsync(Func<JsonObject?, int, Task<McpRpc.Reply>> send)
    {
        var tools = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var reply = await send(cursor is null ? null : new JsonObject { ["cursor"] = cursor }, page);
            if (reply.Result is not { } result || !result.TryGetProperty("tools", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return (tools, reply);
            }

            tools.AddRange(list.EnumerateArray());
            cursor = CheckContext.Text(result, "nextCursor");
            if (cursor is null)
            {
                break;
            }
        }

        return (tools, null);
    }

    /// <summary>A host on the new era must see the same tools as one on today's: same URL, same app.</summary>
    private static async Task Check2026ListAsync(CheckContext context, McpSessionCheck.Session session, List<string> names2025)
    {
        const string Title = "tools/list in the 2026-07-28 era names the same tools";
        if (!session.Speaks2026)
        {
            context.Skip(List2026Id, Title, "not checked: server/discover failed");
            return;
        }

        var (tools, failed) = await ListAsync((parameters, page) => McpRpc.Send2026Async(context, "tools/list", parameters, 40 + page));
        if (failed is not null)
        {
            context.Fail(List2026Id, Title, failed.Problem, "Answer tools/list in the 2026-07-28 era too: hosts on it see no tools otherwise.");
            return;
        }

        var names2026 = tools.Select(t => CheckContext.Text(t, "name") ?? "").ToList();
        var missing = names2025.Except(names2026, StringComparer.Ordinal).ToList();
        var extra = names2026.Except(names2025, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            context.Pass(List2026Id, Title, $"the same {names2026.Count} tools");
            return;
        }

        context.Fail(List2026Id, Title,
            string.Join("; ", new[] { missing.Count > 0 ? "missing in 2026-07-28: " + string.Join(", ", missing) : null, extra.Count > 0 ? "only in 2026-07-28: " + string.Join(", ", extra) : null }.OfType<string>()),
            "Serve one set of tools in both eras: a host sees only what its era's tools/list shows.");
    }

    private static void CheckNames(CheckContext context, List<string> names)
    {
        const string Title = "Tool names within ^[a-zA-Z0-9_-]{1,64}$";
        var bad = names.Where(n => !HostToolName().IsMatch(n)).ToList();
        if (bad.Count == 0)
        {
            context.Pass(NamesId, Title, "all valid");
        }
        else
        {
            context.Fail(NamesId, Title, "invalid: " + string.Join(", ", bad.Select(n => $"'{n}'")),
                "Rename these tools to letters, digits, _ and - only, at most 64 characters: hosts drop or refuse the others.");
        }
    }

    private static void CheckAnnotations(CheckContext context, List<JsonElement> tools)
    {
        const string Title = "Every tool has a title and readOnlyHint/destructiveHint";
        var lacking = new List<string>();
        foreach (var tool in tools)
        {
            JsonElement? annotations = tool.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object ? a : null;
            var missing = new List<string>();
            if (CheckContext.Text(tool, "title") is null && CheckContext.Text(annotations, "title") is null)
            {
                missing.Add("title");
            }

            var readOnly = CheckContext.Flag(annotations, "readOnlyHint");
            if (readOnly is null)
            {
                missing.Add("readOnlyHint");
            }

            // destructiveHint only means something for a tool that writes.
            if (readOnly != true && CheckContext.Flag(annotations, "destructiveHint") is null)
            {
                missing.Add("destructiveHint");
            }

            if (missing.Count > 0)
            {
                lacking.Add($"{CheckContext.Text(tool, "name")} ({string.Join(", ", missing)})");
            }
        }

        if (lacking.Count == 0)
        {
            context.Pass(AnnotationsId, Title, $"all {tools.Count} labelled");
        }
        else
        {
            context.Warn(AnnotationsId, Title, "missing: " + string.Join("; ", lacking),
                "Give each tool a human title and readOnlyHint (and destructiveHint for writes): hosts show them and ask before destructive calls.");
        }
    }

    private static async Task CheckFrontDoorAsync(CheckContext context, McpSessionCheck.Session session, List<string> names)
    {
        var named = session.Instructions is { } text && FrontDoorInInstructions().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        var door = named ?? DefaultFrontDoor;
        var title = $"Front door {door} is listed and callable";
        var source = named is null ? "no \"Call X first\" in the instructions, so the default" : "named by the instructions";
        if (!names.Contains(door))
        {
            context.Fail(FrontDoorId, title, $"{door} ({source}) is not in tools/list",
                $"Register the front-door tool {door}, or make the server's instructions name the one it has (\"Call <tool> first…\").");
            return;
        }

        var reply = await McpRpc.Send2025Async(context, "tools/call", new JsonObject { ["name"] = door, ["arguments"] = new JsonObject() }, 50, session.SessionId);
        if (reply.Result is { } result && CheckContext.Flag(result, "isError") != true)
        {
            context.Pass(FrontDoorId, title, $"{door} ({source}) answered without an error");
        }
        else
        {
            var why = reply.Result is { } errorResult && errorResult.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
                ? string.Concat(content.EnumerateArray().Select(c => CheckContext.Text(c, "text")))
                : reply.Problem;
            context.Fail(FrontDoorId, title, $"{door} with {{}} failed: {(why.Length > 300 ? why[..300] + "…" : why)}",
                $"Make {door} callable with no arguments for a signed-in user (check the store is reachable: /readyz).");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex HostToolName();

    [GeneratedRegex(@"Call `?([A-Za-z0-9_\-]+)`? first")]
    private static partial Regex FrontDoorInInstructions();
}
