using System.Text.Json;
using Connector.Gateway.Tools;

namespace Connector.Gateway.Tests;

public sealed class ToolArgumentCheckTests
{
    private const string Tool = "user_save_to_shelf";

    // Not the default, so the tests see the app's own front door named in what the check says.
    private const string FrontDoor = "begin_lesson";

    // Shaped like the schemas the MCP SDK generates: nullable parameters become ["type", "null"].
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "session": { "type": "string" },
            "article_id": { "type": "string" },
            "progress": { "type": ["integer", "null"] },
            "ratio": { "type": "number" },
            "finished": { "type": "boolean" },
            "note": { "type": ["string", "null"] },
            "anything": {}
          },
          "required": ["session", "article_id"]
        }
        """;

    [Fact]
    public void FindProblem_ValidArguments_IsNull()
    {
        Assert.Null(Check("""{ "session": "s", "article_id": "slow-reading", "progress": 40, "ratio": 0.5, "finished": false, "note": "hi", "anything": [1] }"""));
    }

    [Fact]
    public void FindProblem_OnlyRequiredArguments_IsNull()
    {
        Assert.Null(Check("""{ "session": "s", "article_id": "slow-reading" }"""));
    }

    [Fact]
    public void FindProblem_UnknownArgument_NamesItAndSaysIdentityComesFromSignIn()
    {
        var problem = Check("""{ "session": "s", "article_id": "slow-reading", "user_id": "someone-else" }""");

        Assert.NotNull(problem);
        Assert.Contains("`user_id`", problem, StringComparison.Ordinal);
        Assert.Contains(Tool, problem, StringComparison.Ordinal);
        Assert.Contains("sign-in", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_ArgumentForToolWithoutParameters_SaysItTakesNoArguments()
    {
        var problem = ToolArgumentCheck.FindProblem("config_get_rules", Parse("""{ "type": "object", "properties": {} }"""), Arguments("""{ "user_id": "x" }"""), FrontDoor);

        Assert.NotNull(problem);
        Assert.Contains("`user_id`", problem, StringComparison.Ordinal);
        Assert.Contains("no arguments", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("article_id", "5", "a number")]
    [InlineData("article_id", "true", "a boolean")]
    [InlineData("article_id", "null", "null")]
    [InlineData("progress", "\"forty\"", "a string")]
    [InlineData("progress", "40.5", "a number")]
    [InlineData("progress", "[40]", "an array")]
    [InlineData("ratio", "\"0.5\"", "a string")]
    [InlineData("finished", "\"yes\"", "a string")]
    [InlineData("finished", "1", "a number")]
    [InlineData("note", "{}", "an object")]
    public void FindProblem_WrongType_NamesTheArgumentAndWhatCame(string name, string json, string described)
    {
        var arguments = Arguments("""{ "session": "s", "article_id": "slow-reading" }""");
        arguments[name] = Parse(json);

        var problem = ToolArgumentCheck.FindProblem(Tool, Parse(Schema), arguments, FrontDoor);

        Assert.NotNull(problem);
        Assert.Contains($"`{name}`", problem, StringComparison.Ordinal);
        Assert.Contains("not " + described, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("progress", "null")]
    [InlineData("note", "null")]
    [InlineData("progress", "0")]
    [InlineData("ratio", "3")]
    [InlineData("finished", "true")]
    [InlineData("anything", "\"free-form\"")]
    public void FindProblem_TypeTheSchemaAllows_IsNull(string name, string json)
    {
        var arguments = Arguments("""{ "session": "s", "article_id": "slow-reading" }""");
        arguments[name] = Parse(json);

        Assert.Null(ToolArgumentCheck.FindProblem(Tool, Parse(Schema), arguments, FrontDoor));
    }

    [Fact]
    public void FindProblem_NullableParameter_SaysItMayBeOmitted()
    {
        var problem = Check("""{ "session": "s", "article_id": "slow-reading", "progress": "forty" }""");

        Assert.NotNull(problem);
        Assert.Contains("must be integer (or omitted)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_MissingRequiredArgument_NamesIt()
    {
        var problem = Check("""{ "session": "s" }""");

        Assert.NotNull(problem);
        Assert.Contains("Missing required argument `article_id`", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_MissingSession_PointsAtTheFrontDoor()
    {
        var problem = Check("""{ "article_id": "slow-reading" }""");

        Assert.NotNull(problem);
        Assert.Contains("Call begin_lesson first", problem, StringComparison.Ordinal);
        Assert.Contains("`session`", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_NoArgumentsAtAll_PointsAtTheFrontDoor()
    {
        var problem = ToolArgumentCheck.FindProblem(Tool, Parse(Schema), null, FrontDoor);

        Assert.NotNull(problem);
        Assert.Contains("begin_lesson", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_NoArgumentsForToolWithoutRequired_IsNull()
    {
        Assert.Null(ToolArgumentCheck.FindProblem("health", Parse("""{ "type": "object" }"""), null, FrontDoor));
    }

    [Fact]
    public void FindProblem_StringOverTheLimit_SaysTooLong()
    {
        var arguments = Arguments("""{ "session": "s", "article_id": "slow-reading" }""");
        arguments["note"] = JsonSerializer.SerializeToElement(new string('x', ToolArgumentCheck.MaxStringLength + 1));

        var problem = ToolArgumentCheck.FindProblem(Tool, Parse(Schema), arguments, FrontDoor);

        Assert.NotNull(problem);
        Assert.Contains("`note` is too long", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_StringAtTheLimit_IsNull()
    {
        var arguments = Arguments("""{ "session": "s", "article_id": "slow-reading" }""");
        arguments["note"] = JsonSerializer.SerializeToElement(new string('x', ToolArgumentCheck.MaxStringLength));

        Assert.Null(ToolArgumentCheck.FindProblem(Tool, Parse(Schema), arguments, FrontDoor));
    }

    private static string? Check(string argumentsJson) => ToolArgumentCheck.FindProblem(Tool, Parse(Schema), Arguments(argumentsJson), FrontDoor);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static Dictionary<string, JsonElement> Arguments(string json) =>
        Parse(json).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
}
