using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Bench.Baseline;

[McpServerToolType]
public sealed class EchoTool
{
    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Returns the message it was given.")]
    public static string Echo([Description("Any text.")] string message) => message;
}
