using System.Diagnostics;
using System.Globalization;

namespace Connector.Interop.Tests.Interop;

/// <summary>
/// The official MCP TypeScript v2 client (<c>@modelcontextprotocol/client</c>, pinned in tests/e2e-client-v2) on a
/// reader's whole visit against the real gateway and the real dev sign-in, in both of its 2026-era negotiation modes:
/// pinned to 2026-07-28, and <c>auto</c>, which must settle on 2026-07-28 rather than fall back to <c>initialize</c>.
/// </summary>
public sealed class TypeScriptV2ClientTests(SqliteConnector<Program> fixture, ITestOutputHelper output) : IClassFixture<SqliteConnector<Program>>
{
    private const string July2026 = "2026-07-28";

    // A connect and seven calls per mode take well under a second; the limit only stops a hung run.
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(60);

    [TypeScriptV2ClientFact]
    public async Task V2Client_NegotiatesJuly2026_PinnedAndAuto_AndSavesToTheShelf()
    {
        var facts = await VisitAsync(TestUsers.New(), "pin,auto", progress: 40);
        var pin = facts.Mode("pin");
        var auto = facts.Mode("auto");

        foreach (var (name, mode) in new[] { ("pin", pin), ("auto", auto) })
        {
            AssertModernEra(name, mode);
            AssertVisitSaved(name, mode, progress: 40);
        }

        // A fresh reader's shelf starts empty; the auto connection, a new one, finds what the pinned one saved.
        Assert.Empty(pin.ShelfBefore);
        Assert.Equal([pin.Saved], pin.Shelf);
        Assert.Equal(pin.Shelf, auto.ShelfBefore);
        Assert.NotEqual(pin.Saved.ArticleId, auto.Saved.ArticleId);
        Assert.Equal(
            new[] { pin.Saved, auto.Saved }.OrderBy(e => e.ArticleId, StringComparer.Ordinal),
            auto.Shelf.OrderBy(e => e.ArticleId, StringComparer.Ordinal));
    }

    [TypeScriptV2ClientFact]
    public async Task V2Client_TwoReaders_SeeOnlyTheirOwnShelves()
    {
        var alice = TestUsers.New();
        var bob = TestUsers.New();

        // Both save the same article (each run's first mode saves the first listed one) at different progress.
        var first = (await VisitAsync(alice, "pin", progress: 30)).Mode("pin");
        var second = (await VisitAsync(bob, "auto", progress: 70)).Mode("auto");
        var again = (await VisitAsync(alice, "pin", progress: 35)).Mode("pin");

        AssertModernEra("bob, auto", second);
        Assert.Equal(first.Saved.ArticleId, second.Saved.ArticleId);
        // Bob doesn't see Alice's save, and his own doesn't reach hers: her next visit finds her 30, not his 70.
        Assert.Empty(second.ShelfBefore);
        Assert.Equal([new ShelfItem(first.Saved.ArticleId, 70)], second.Shelf);
        Assert.Equal([new ShelfItem(first.Saved.ArticleId, 30)], again.ShelfBefore);
        Assert.Equal([new ShelfItem(first.Saved.ArticleId, 35)], again.Shelf);
    }

    private static void AssertModernEra(string mode, ModeFacts facts)
    {
        Assert.True(facts.NegotiatedVersion == July2026, $"{mode}: the client negotiated {facts.NegotiatedVersion ?? "nothing"}, not {July2026}.");
        Assert.Equal("modern", facts.Era);
        Assert.Contains(July2026, facts.DiscoverOffered ?? []);
        // On the wire: the server/discover probe, no initialize fallback, and every request stamped 2026-07-28.
        Assert.Contains("server/discover", facts.MethodsSent);
        Assert.DoesNotContain("initialize", facts.MethodsSent);
        Assert.Equal([July2026], facts.ProtocolVersionHeaders);
        Assert.All(facts.HttpStatuses, status => Assert.InRange(status, 200, 299));
    }

    private static void AssertVisitSaved(string mode, ModeFacts facts, int progress)
    {
        Assert.True(ReadingRoomToolNames.All.All(facts.Tools.Contains),
            $"{mode}: tools/list lacks {string.Join(", ", ReadingRoomToolNames.All.Except(facts.Tools))}.");
        Assert.Contains(facts.Article.Id, facts.Articles);
        Assert.False(string.IsNullOrEmpty(facts.Article.Title));
        Assert.True(facts.Article.HasBody, $"{mode}: domain_get_article returned {facts.Article.Id} without its text.");
        Assert.Equal(new ShelfItem(facts.Article.Id, progress), facts.Saved);
        Assert.Contains(facts.Saved, facts.Shelf);
    }

    private async Task<VisitFacts> VisitAsync(string reader, string modes, int progress)
    {
        var client = V2ClientFolder.Installed;
        // Minted like the dev sign-in's curl shortcut, for this gateway's connector URL. The script reads it from a
        // file so it is never in a process listing.
        var token = await fixture.TokenFor(reader);
        using var secrets = new TempDirectory();
        var tokenFile = Path.Combine(secrets.Path, "token");
        await File.WriteAllTextAsync(tokenFile, token);

        var clock = Stopwatch.StartNew();
        var run = await NodeTool.RunAsync(
            client.Node,
            [client.Script, fixture.Gateway.McpUrl, "--token-file", tokenFile, "--modes", modes, "--progress", progress.ToString(CultureInfo.InvariantCulture)],
            client.Directory,
            s_runLimit);
        output.WriteLine($"{V2ClientFolder.Package} {client.ClientVersion} on Node {client.NodeVersion}, modes {modes}: "
            + $"{(run.ExitCode is { } code ? $"exit {code}" : "killed at the limit")} in {clock.Elapsed.TotalSeconds:0.00} s");
        if (client.InstallNote is { } note)
        {
            output.WriteLine(note);
        }

        var line = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.True(run.Succeeded && line is not null,
            $"visit.mjs --modes {modes} failed ({run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? $"killed after {s_runLimit.TotalSeconds:0} s"}):\n{run.StandardError}\n{run.StandardOutput}");
        output.WriteLine(line);
        return VisitFacts.Parse(line);
    }
}
