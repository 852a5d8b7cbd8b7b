using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Postgres;

/// <summary>
/// The gateway on a real PostgreSQL server that the tests own: a real outage (the server stopped while the
/// gateway runs), recovery without a restart, and several stateless instances sharing one database.
/// </summary>
public sealed class PostgresGatewayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster? _postgres;
    private DevAuthServer? _auth;

    private PostgresCluster Postgres => _postgres!;

    private DevAuthServer Auth => _auth!;

    public async ValueTask InitializeAsync()
    {
        if (PostgresCluster.UnavailableReason is null)
        {
            _postgres = await PostgresCluster.StartAsync();
            _auth = new DevAuthServer();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_auth is not null)
        {
            await _auth.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Gateway_OnPostgres_SavesAndReadsAShelf()
    {
        await using var gateway = new GatewayServer(Auth, Settings(await Postgres.CreateDatabaseAsync()));
        using var http = new McpHttp(gateway.McpUrl);
        var token = await Auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        var session = await BeginAsync(http, token);

        var saved = await http.CallToolAsync(token, "user_save_to_shelf", new { session, article_id = "tidal-clocks", progress = 30, position = "the second sentence" });
        var shelf = await http.CallToolAsync(token, "user_get_shelf", new { session });

        Assert.False(saved.IsError, saved.Text);
        var item = Assert.Single(shelf.Data.GetProperty("shelf").GetProperty("items").EnumerateArray());
        Assert.Equal("tidal-clocks", item.GetProperty("articleId").GetString());
        Assert.Equal(30, item.GetProperty("progress").GetInt32());
    }

    [PostgresFact]
    public async Task Outage_PostgresStopped_FailsClosedQuickly_ThenHealsWithoutRestart()
    {
        await using var gateway = new GatewayServer(Auth, Settings(await Postgres.CreateDatabaseAsync()));
        using var http = new McpHttp(gateway.McpUrl);
        using var probe = new HttpClient();
        var token = await Auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        var session = await BeginAsync(http, token);
        Assert.False((await http.CallToolAsync(token, "user_save_to_shelf", new { session, article_id = "bread-at-home", progress = 50 })).IsError);

        await Postgres.StopServerAsync();
        var clock = Stopwatch.StartNew();
        var during = await http.CallToolAsync(token, "user_get_shelf", new { session });
        var detected = clock.Elapsed;
        using var readiness = await probe.GetAsync(new Uri(gateway.Origin + "/readyz"));
        var begin = await http.CallToolAsync(token, "begin_session");

        Assert.True(during.IsError);
        Assert.Contains("can't continue", during.Text, StringComparison.Ordinal);
        Assert.Null(during.Structured);
        Assert.True(begin.IsError);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        output.WriteLine($"Outage detected by a tool call in {detected.TotalMilliseconds:F0} ms.");

        await Postgres.StartServerAsync();
        clock.Restart();
        var after = await http.CallToolAsync(token, "user_get_shelf", new { session });
        output.WriteLine($"First call after PostgreSQL came back answered in {clock.Elapsed.TotalMilliseconds:F0} ms.");

        Assert.False(after.IsError, after.Text);
        var item = Assert.Single(after.Data.GetProperty("shelf").GetProperty("items").EnumerateArray());
        Assert.Equal(50, item.GetProperty("progress").GetInt32());
        using var ready = await probe.GetAsync(new Uri(gateway.Origin + "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [PostgresFact]
    public async Task Outage_PostgresFrozen_FailsClosedWithinTheTimeout_ThenHeals()
    {
        await using var gateway = new GatewayServer(Auth, Settings(await Postgres.CreateDatabaseAsync()));
        using var http = new McpHttp(gateway.McpUrl);
        var token = await Auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        var session = await BeginAsync(http, token);
        Assert.False((await http.CallToolAsync(token, "user_save_to_shelf", new { session, article_id = "map-reading", progress = 70 })).IsError);

        await Postgres.FreezeAsync();
        ToolCall during;
        var clock = Stopwatch.StartNew();
        try
        {
            during = await http.CallToolAsync(token, "user_get_shelf", new { session });
        }
        finally
        {
            await Postgres.ThawAsync();
        }

        var detected = clock.Elapsed;
        output.WriteLine($"Frozen database noticed by a tool call after {detected.TotalMilliseconds:F0} ms (5 s command timeout).");
        Assert.True(during.IsError);
        Assert.Contains("can't continue", during.Text, StringComparison.Ordinal);

        clock.Restart();
        var after = await http.CallToolAsync(token, "user_get_shelf", new { session });
        output.WriteLine($"First call after the database thawed answered in {clock.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.False(after.IsError, after.Text);
        Assert.Equal(70, Assert.Single(after.Data.GetProperty("shelf").GetProperty("items").EnumerateArray()).GetProperty("progress").GetInt32());
    }

    [PostgresFact]
    public async Task Startup_WithUnreachableDatabase_RefusesToBoot()
    {
        using var data = new TempDirectory();
        await using var app = AppProcess.Start<Program>(AppProcess.BuildOutput, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RESOURCE_URL"] = "http://127.0.0.1:1/mcp",
            ["AUTH_ISSUER"] = Auth.Url,
            ["AUTH_JWKS_URL"] = Auth.JwksUrl,
            ["SESSION_SIGNING_SECRET"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            ["DATABASE_URL"] = $"postgresql://postgres@127.0.0.1:{FreePort.Next()}/postgres?connect_timeout=2",
            ["DATA_DIR"] = data.Path,
        });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(app.Console);
        Assert.Equal(3, exitCode);
        Assert.Contains("state store", app.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", app.Console, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ThreeInstances_SharingOneDatabaseAndSecret_ServeAnyRequestInterchangeably()
    {
        var database = await Postgres.CreateDatabaseAsync();
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var instances = new List<GatewayServer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // All three advertise the same public resource, as instances behind one load balancer do.
                instances.Add(new GatewayServer(Auth, Settings(database, secret)));
            }

            var reader = TestUsers.New();
            var clients = instances.Select(g => new McpHttp(g.McpUrl)).ToList();
            var tokens = await Task.WhenAll(instances.Select(g => Auth.MintAsync(reader, g.McpUrl)));
            var session = await BeginAsync(clients[0], tokens[0]);

            string[] articles = ["slow-reading", "marginalia", "night-trains"];
            for (var i = 0; i < 3; i++)
            {
                var saved = await clients[i].CallToolAsync(tokens[i], "user_save_to_shelf", new { session, article_id = articles[i] });
                Assert.False(saved.IsError, saved.Text);
            }

            foreach (var (client, token) in clients.Zip(tokens))
            {
                var shelf = await client.CallToolAsync(token, "user_get_shelf", new { session });
                var ids = shelf.Data.GetProperty("shelf").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("articleId").GetString()).Order(StringComparer.Ordinal);
                Assert.Equal(articles.Order(StringComparer.Ordinal), ids);
            }

            clients.ForEach(c => c.Dispose());
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task ConcurrentSaves_FromOneReader_AllLand()
    {
        await using var gateway = new GatewayServer(Auth, Settings(await Postgres.CreateDatabaseAsync()));
        using var http = new McpHttp(gateway.McpUrl);
        var token = await Auth.MintAsync(TestUsers.New(), gateway.McpUrl);
        var session = await BeginAsync(http, token);
        var articles = await ArticleIdsAsync(http, token, session);

        // Twenty rounds over every article at once: each article's last progress must survive, none may vanish.
        var saves = Enumerable.Range(0, 20).SelectMany(round => articles.Select(id =>
            http.CallToolAsync(token, "user_save_to_shelf", new { session, article_id = id })));
        var results = await Task.WhenAll(saves);

        Assert.All(results, r => Assert.False(r.IsError, r.Text));
        var shelf = await http.CallToolAsync(token, "user_get_shelf", new { session });
        Assert.Equal(articles.Count, shelf.Data.GetProperty("shelf").GetProperty("items").GetArrayLength());
    }

    private static Dictionary<string, string?> Settings(string databaseUrl, string? secret = null)
    {
        var settings = new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl };
        if (secret is not null)
        {
            settings["SESSION_SIGNING_SECRET"] = secret;
        }

        return settings;
    }

    private static async Task<string> BeginAsync(McpHttp http, string token)
    {
        var begin = await http.CallToolAsync(token, "begin_session");
        Assert.False(begin.IsError, begin.Text);
        return begin.Data.GetProperty("session").GetString()!;
    }

    private static async Task<List<string>> ArticleIdsAsync(McpHttp http, string token, string session)
    {
        var list = await http.CallToolAsync(token, "domain_list_articles", new { session });
        return list.Data.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
    }
}
