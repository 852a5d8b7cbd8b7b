using System.Text.Json;
using Tutor.App.Tools;

namespace Tutor.App.Tests;

/// <summary>
/// Search by meaning over the course, through real HTTP and the real local model: each query asks about a section
/// without any of its words (checked, not assumed), and the section must be in the first three results. Two first
/// attempts were too oblique for the model and were rephrased: "imaginary figures people traced by joining dots
/// overhead" (constellations) and "why our satellite sometimes looks like a sliver and sometimes round" (moon phases).
/// </summary>
public sealed class ParaphraseSearchTests(SqliteConnector<Program> host, ITestOutputHelper output) : IClassFixture<SqliteConnector<Program>>
{
    public static readonly TheoryData<string, string> Paraphrases = new()
    {
        { "finding-north", "which way is the arctic when you look up after dusk" },
        { "constellations-as-patterns", "mythological figures imagined by ancient cultures" },
        { "sky-turning-nightly", "why everything overhead wheels slowly as the hours go by" },
        { "seasonal-sky", "why the heavens show different figures from January to July" },
        { "moon-phases", "why the lunar disc waxes and wanes" },
        { "why-eclipses-are-rare", "why daytime does not go black every few weeks" },
        { "ecliptic-and-zodiac", "the band of twelve signs astrologers use" },
        { "planets-versus-stars", "how to spot solar system worlds among the pinpoints" },
        { "star-colours", "why some suns seem bluish while others are reddish" },
        { "magnitude-scale", "ranking how luminous a pinpoint appears using a numeric ladder" },
        { "light-years-and-looking-back", "seeing ancient radiance that left long ago" },
        { "milky-way-band", "a hazy stripe glimpsed far from towns" },
        { "meteor-showers", "specks of space grit burning up high overhead" },
    };

    [Theory]
    [MemberData(nameof(Paraphrases))]
    public async Task Paraphrase_FindsItsSection_InTheTopThree(string id, string query)
    {
        using var http = new McpHttp(host.Gateway.McpUrl);
        var token = await host.TokenFor(TestUsers.New());
        var session = (await http.CallToolAsync(token, ToolNames.BeginLesson)).Data.GetProperty("session").GetString();
        var section = (await http.CallToolAsync(token, ToolNames.DomainGetSection, new Dictionary<string, object?> { ["session"] = session, ["section_id"] = id })).Data.GetProperty("section");
        Assert.Empty(ContentWords.Shared(query, section.GetProperty("title").GetString() + " " + section.GetProperty("text").GetString()));

        var search = await http.CallToolAsync(token, ToolNames.DomainSearchSections, new Dictionary<string, object?> { ["session"] = session, ["query"] = query });

        Assert.False(search.IsError, search.Text);
        List<JsonElement> results = [.. search.Data.GetProperty("results").EnumerateArray()];
        var rank = results.FindIndex(r => r.GetProperty("id").GetString() == id) + 1;
        output.WriteLine($"'{query}' -> {id} at rank {rank}");
        Assert.InRange(rank, 1, 3);
    }
}
