using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReadingRoom.App.Tests.Hardening;

/// <summary>
/// A bounded, seeded fuzz of POST /mcp: random bytes, broken and bent JSON-RPC messages, tool calls with
/// arguments of every wrong shape, and odd headers, with and without a valid sign-in. Whatever arrives, the
/// answer is a deliberate status (never a 500), no exception text reaches the caller, the server keeps
/// serving, and nobody who failed sign-in gets a row in the store. The same seed always builds the same cases.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261121;
    private const int CaseCount = 3000;
    private const int Parallelism = 8;

    /// <summary>Stands in for the real session token inside generated text, so the cases don't depend on the run.</summary>
    private const string SessionPlaceholder = "{{SESSION}}";

    /// <summary>No 'x' and no space, so a generated value can never spell "Exception" or "   at " back at us.</summary>
    private const string Alphabet = "abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWYZ0123456789-_.:/+=~";

    private static readonly HashSet<string> s_knownMethods = new(["initialize", "tools/list", "tools/call", "ping", "notifications/initialized", "(response)"], StringComparer.Ordinal);

    private static readonly HashSet<int> s_allowedStatuses = [200, 202, 400, 401, 403, 406, 413, 415, 429];

    private static readonly Dictionary<string, string[]> s_tools = new(StringComparer.Ordinal)
    {
        ["health"] = [],
        ["begin_session"] = [],
        ["domain_list_articles"] = ["session", "topic"],
        ["domain_get_article"] = ["session", "id"],
        ["user_get_shelf"] = ["session"],
        ["user_save_to_shelf"] = ["session", "article_id", "progress", "position", "note"],
        ["user_remove_from_shelf"] = ["session", "article_id"],
        ["config_get_rules"] = [],
        ["config_get_persona"] = [],
    };

    private static readonly string[] s_articleIds = ["slow-reading", "marginalia", "night-trains", "map-reading", "no-such-article"];
    private static readonly string[] s_extraProperties = ["user_id", "userId", "sub", "reader", "email", "__proto__", "constructor", "", "session ", "$ref"];
    private static readonly string[] s_weirdNumbers = ["-0", "1e400", "-1e-400", "9223372036854775808", "2147483648", "-2147483649", "-1", "101", "3.14", "1E2", "0.0", "1e2", "00", "-"];
    private static readonly string[] s_ids = ["1", "\"abc\"", "null", "1.5", "{}", "[]", "-1", "99999999999999999999999", "true", "\"\"", "0"];
    private static readonly string[] s_otherMethods =
    [
        "ping", "notifications/initialized", "notifications/cancelled", "resources/list", "prompts/list", "logging/setLevel",
        "completion/complete", "tools/List", "", "rpc.discover", "initialize/", "sampling/createMessage",
    ];

    private static readonly string?[] s_contentTypes =
    [
        "application/json; charset=utf-8", "application/json; charset=latin1", "application/json; charset=iso-8859-1", "Application/JSON",
        "application/json-patch+json", "text/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
        "application/json;", ";;;", "application/json; charset=\"utf-8\"", "*/*", "application/json; charset=utf-16", "", null,
    ];

    private static readonly string?[] s_accepts =
    [
        "text/event-stream, application/json", "application/json", "text/event-stream", "*/*", "application/*, text/*",
        "application/json;q=0, text/event-stream;q=0", "", null, "application/json, text/event-stream, garbage/;;",
        "APPLICATION/JSON, TEXT/EVENT-STREAM", "text/html", "application/json,,,text/event-stream", ";q=1",
    ];

    private static readonly string[] s_protocolVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "", "2025-06-18 ", "1999-01-01", "2025-06-18, 2025-03-26", "latest"];

    private static readonly string[] s_unicode = ["é", "日本語", "🙂", "\u202e", "\u200b", "\u00a0", "\uffff", "\u0000", "\t", "\n", "\"", "\\", "ñ", "Ω", "𝄞"];

    private DevAuthServer _auth = null!;
    private GatewayServer _gateway = null!;

    public ValueTask InitializeAsync()
    {
        _auth = new DevAuthServer();
        // The limiter answers 429 before anything interesting runs; lifted here so every case reaches the code under test.
        _gateway = new GatewayServer(_auth, new Dictionary<string, string?> { ["RATE_LIMIT_PER_MINUTE"] = "1000000" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _auth.DisposeAsync();
    }

    [Fact]
    public Task Mcp_SeededFuzz_NeverFailsInternallyLeaksOrWritesForStrangers() => FuzzAsync(_ => true);

    [Theory]
    [InlineData("""{"protocolVersion":20250618,"capabilities":{},"clientInfo":{"name":"t","version":"1"}}""")]
    [InlineData("""{"protocolVersion":"2025-06-18","capabilities":[],"clientInfo":{"name":"t","version":"1"}}""")]
    [InlineData("""{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":"t"}""")]
    [InlineData("""{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":{}}}""")]
    [InlineData("""{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"\ud800","version":"1"}}""")]
    public async Task Initialize_ParamsOfTheWrongShape_IsAJsonRpcErrorNotA500(string parameters)
    {
        var token = await _auth.MintAsync(TestUsers.New(), _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);

        using var response = await http.PostAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":""" + parameters + "}", token);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {Clip(body, 300)}");
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var message = McpHttp.ReadMessage(body, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Number, message.GetProperty("error").GetProperty("code").ValueKind);
    }

    private async Task FuzzAsync(Func<FuzzCase, bool> include)
    {
        var reader = TestUsers.New();
        var token = await _auth.MintAsync(reader, _gateway.McpUrl);
        using var http = new McpHttp(_gateway.McpUrl);
        var begin = await http.CallToolAsync(token, "begin_session");
        Assert.False(begin.IsError, begin.Text);
        var credentials = new Credentials(token, begin.Data.GetProperty("session").GetString()!, Forge(reader));

        var all = Generate(new Random(Seed), CaseCount);
        Assert.Equal(Fingerprint(Generate(new Random(Seed), CaseCount)), Fingerprint(all));
        var cases = all.Where(include).ToList();

        var statuses = new int[cases.Count];
        var failures = new List<(string Signature, string Detail)>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, cancellationToken) =>
        {
            var fuzzCase = cases[index];
            string? problem;
            string body;
            try
            {
                using var request = Build(http.Url, fuzzCase, credentials);
                using var response = await http.SendAsync(request);
                body = await response.Content.ReadAsStringAsync(cancellationToken);
                statuses[index] = (int)response.StatusCode;
                problem = !s_allowedStatuses.Contains(statuses[index]) ? "status " + statuses[index]
                    : body.Contains("Exception", StringComparison.Ordinal) ? "body mentions an exception"
                    : body.Contains("   at ", StringComparison.Ordinal) ? "body carries a stack trace"
                    : null;
            }
            catch (HttpRequestException ex)
            {
                // The server dropping the connection is as much a failure as a 500.
                statuses[index] = -1;
                problem = "no response";
                body = ex.Message;
            }

            if (problem is not null)
            {
                lock (failures)
                {
                    failures.Add(($"{problem}: {FirstLine(body)}", $"case {index} ({fuzzCase.Describe()}): {Clip(body, 400)}"));
                }
            }
        });
        clock.Stop();

        output.WriteLine($"{cases.Count} of {all.Count} cases in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}, {Parallelism} at a time)");
        foreach (var group in statuses.GroupBy(s => s).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        foreach (var kind in cases.Select((c, i) => (c.Kind, Status: statuses[i])).GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Key}: " + string.Join(", ", kind.GroupBy(x => x.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        }

        // One example per distinct failure, so a single bug doesn't bury the others.
        var kinds = failures.GroupBy(f => f.Signature, StringComparer.Ordinal).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()}× {g.Key}\n    e.g. {g.OrderBy(f => f.Detail, StringComparer.Ordinal).First().Detail}");
        output.WriteLine("  signed-in messages by method:");
        foreach (var method in cases.Select((c, i) => (c, Status: statuses[i])).Where(x => x.c.Method is not null && x.c.Credential == Credential.Valid)
            .GroupBy(x => s_knownMethods.Contains(x.c.Method!) ? x.c.Method! : "(other)", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"    {method.Key}: " + string.Join(", ", method.GroupBy(x => x.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", kinds));

        // Still serving: a normal client's first call works after everything above.
        var after = await http.CallToolAsync(token, "begin_session");
        Assert.False(after.IsError, after.Text);
        Assert.StartsWith("cs1.", after.Data.GetProperty("session").GetString(), StringComparison.Ordinal);

        // The only reader who ever signed in is the one this test minted a valid token for.
        Assert.Equal([reader], await StateDatabase.ColumnAsync(_gateway.DatabasePath, "SELECT id FROM users"));
        Assert.All(await StateDatabase.ColumnAsync(_gateway.DatabasePath, "SELECT user_id FROM user_state"), id => Assert.Equal(reader, id));
        Assert.Contains(statuses, s => s == 401);
        Assert.Contains(statuses, s => s == 200);
    }

    /// <summary>Tokens that must all fail sign-in, each naming a subject nobody minted a valid token for.</summary>
    private ForgedTokens Forge(string reader)
    {
        var intruder = "intruder-" + reader;
        var claims = TokenForge.Claims(_auth.Url, _gateway.McpUrl, intruder);
        return new ForgedTokens(
            AlgNone: TokenForge.WithAlgNone(claims),
            StrangerKey: TokenForge.SignRs256(claims, TokenForge.StrangerKey(_auth.SigningKey.KeyId)),
            WrongAudience: TokenForge.SignRs256(TokenForge.Claims(_auth.Url, "https://elsewhere.example/mcp", intruder), _auth.SigningKey.SigningKey),
            Expired: TokenForge.SignRs256(TokenForge.Claims(_auth.Url, _gateway.McpUrl, intruder, DateTimeOffset.UtcNow.AddHours(-3)), _auth.SigningKey.SigningKey));
    }

    private static HttpRequestMessage Build(Uri url, FuzzCase fuzzCase, Credentials credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        byte[] bytes;
        if (fuzzCase.Bytes is not null)
        {
            bytes = fuzzCase.Bytes;
        }
        else
        {
            var text = fuzzCase.Text!.Replace(SessionPlaceholder, credentials.Session, StringComparison.Ordinal);
            bytes = fuzzCase.Latin1 ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        }

        request.Content = new ByteArrayContent(bytes);
        if (fuzzCase.ContentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
        }

        if (fuzzCase.Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", fuzzCase.Accept);
        }

        if (fuzzCase.ProtocolVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", fuzzCase.ProtocolVersion);
        }

        if (fuzzCase.SessionIdHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", fuzzCase.SessionIdHeader);
        }

        var authorization = fuzzCase.Credential switch
        {
            Credential.Valid => "Bearer " + credentials.Token,
            Credential.None => null,
            Credential.Garbage => fuzzCase.GarbageAuthorization,
            Credential.AlgNone => "Bearer " + credentials.Forged.AlgNone,
            Credential.StrangerKey => "Bearer " + credentials.Forged.StrangerKey,
            Credential.WrongAudience => "Bearer " + credentials.Forged.WrongAudience,
            Credential.Expired => "Bearer " + credentials.Forged.Expired,
            Credential.SwappedPayload => "Bearer " + SwapPayload(credentials.Token, credentials.Forged.StrangerKey),
            _ => throw new ArgumentOutOfRangeException(nameof(fuzzCase), fuzzCase.Credential, "unknown credential"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    /// <summary>The valid token's header and signature around the intruder's claims.</summary>
    private static string SwapPayload(string valid, string intruder)
    {
        var validParts = valid.Split('.');
        return validParts[0] + "." + intruder.Split('.')[1] + "." + validParts[2];
    }

    private static List<FuzzCase> Generate(Random random, int count)
    {
        var generator = new CaseGenerator(random);
        return [.. Enumerable.Range(0, count).Select(_ => generator.Next())];
    }

    private static string Fingerprint(List<FuzzCase> cases) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", cases.Select(c => c.Describe() + (c.Text ?? Convert.ToBase64String(c.Bytes!)))))));

    private static string FirstLine(string text) => Clip(text.Split('\n')[0].Trim(), 160);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private enum Credential
    {
        Valid,
        None,
        Garbage,
        AlgNone,
        StrangerKey,
        WrongAudience,
        Expired,
        SwappedPayload,
    }

    private sealed record ForgedTokens(string AlgNone, string StrangerKey, string WrongAudience, string Expired);

    private sealed record Credentials(string Token, string Session, ForgedTokens Forged);

    private sealed record FuzzCase(
        string Kind,
        string? Method,
        string? Text,
        byte[]? Bytes,
        bool Latin1,
        string? ContentType,
        string? Accept,
        string? ProtocolVersion,
        string? SessionIdHeader,
        Credential Credential,
        string? GarbageAuthorization)
    {
        public string Describe() =>
            $"{Kind}, {(Text is null ? Bytes!.Length + " random bytes" : Text.Length + " chars")}, credential {Credential}, "
            + $"Content-Type {Show(ContentType)}, Accept {Show(Accept)}, MCP-Protocol-Version {Show(ProtocolVersion)}"
            + (Latin1 ? ", latin1" : "") + (Text is null ? "" : ", body " + Clip(Text, 120));

        private static string Show(string? value) => value is null ? "(none)" : "'" + value + "'";
    }

    /// <summary>Draws every choice from the one seeded Random, in a fixed order, so a seed names a whole run.</summary>
    private sealed class CaseGenerator(Random random)
    {
        private const string StandardAccept = "application/json, text/event-stream";
        private const string StandardContentType = "application/json";

        private static readonly JsonSerializerOptions s_escaped = new();
        private static readonly JsonSerializerOptions s_raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public FuzzCase Next()
        {
            var roll = random.Next(100);
            string kind;
            string? method = null;
            string? text = null;
            byte[]? bytes = null;
            if (roll < 20)
            {
                kind = "random-bytes";
                bytes = RandomBytes();
            }
            else
            {
                kind = roll < 80 ? "message" : "odd-headers";
                (text, method) = Message();
                text = kind == "message" ? Mutate(text) : text;
            }

            var oddHeaders = kind == "odd-headers" || random.Next(10) == 0;
            var contentType = oddHeaders && random.Next(2) == 0 ? Pick(s_contentTypes) : StandardContentType;
            var accept = oddHeaders && random.Next(2) == 0 ? Pick(s_accepts) : StandardAccept;
            var protocolVersion = oddHeaders && random.Next(2) == 0
                ? (random.Next(3) == 0 ? RandomAscii(random.Next(1, 40)) : Pick(s_protocolVersions))
                : null;
            var sessionId = oddHeaders && random.Next(4) == 0 ? RandomAscii(random.Next(1, 60)) : null;
            var latin1 = text is not null && contentType is not null && contentType.Contains("latin1", StringComparison.Ordinal);
            if (text is not null && !latin1 && oddHeaders && random.Next(6) == 0)
            {
                // A body in latin1 under a header that says nothing of it: the é and 日 turn into bytes that aren't UTF-8.
                latin1 = true;
            }

            var (credential, garbage) = Credentials();
            return new FuzzCase(kind, method, text, bytes, latin1, contentType, accept, protocolVersion, sessionId, credential, garbage);
        }

        private (Credential Credential, string? Garbage) Credentials()
        {
            var roll = random.Next(100);
            return roll switch
            {
                < 50 => (Credential.Valid, null),
                < 70 => (Credential.None, null),
                < 80 => (Credential.Garbage, Pick(
                [
                    "Bearer " + RandomAscii(random.Next(1, 200)),
                    "Bearer " + RandomAscii(20) + "." + RandomAscii(40) + "." + RandomAscii(30),
                    "Bearer",
                    "Bearer ",
                    "bearer eyJhbGciOiJub25lIn0.e30.",
                    "Basic dXNlcjpwYXNz",
                    "Token abc",
                    RandomAscii(random.Next(1, 50)),
                ])),
                < 84 => (Credential.AlgNone, null),
                < 88 => (Credential.StrangerKey, null),
                < 92 => (Credential.WrongAudience, null),
                < 96 => (Credential.Expired, null),
                _ => (Credential.SwappedPayload, null),
            };
        }

        private byte[] RandomBytes()
        {
            var length = random.Next(4) switch
            {
                0 => 0,
                1 => random.Next(1, 16),
                2 => random.Next(16, 512),
                _ => random.Next(512, 8192),
            };
            var bytes = new byte[length];
            random.NextBytes(bytes);
            if (length > 0 && random.Next(2) == 0)
            {
                // Mostly-JSON noise gets further into the parser than pure noise.
                bytes[0] = (byte)'{';
            }

            return bytes;
        }

        /// <summary>A JSON-RPC message as text, and the method it names (before any mutation).</summary>
        private (string Text, string Method) Message()
        {
            var id = random.Next(5) == 0 ? Pick(s_ids) : random.Next(1, 1000).ToString(CultureInfo.InvariantCulture);
            var idPart = random.Next(15) == 0 ? "" : "\"id\":" + id + ",";
            var version = random.Next(15) == 0 ? Pick(["\"1.0\"", "2.0", "null", "\"2.0 \""]) : "\"2.0\"";
            var (method, parameters) = random.Next(10) switch
            {
                0 or 1 => ("initialize", Initialize()),
                2 or 3 => ("tools/list", random.Next(3) == 0 ? "{\"cursor\":" + Value(0) + "}" : null),
                4 => (Pick(s_otherMethods), random.Next(2) == 0 ? Value(0) : null),
                5 => (RandomText(random.Next(0, 40)), null),
                _ => ("tools/call", ToolCall()),
            };

            var message = new StringBuilder("{");
            message.Append("\"jsonrpc\":").Append(version).Append(',').Append(idPart);
            message.Append("\"method\":").Append(Json(method));
            if (parameters is not null)
            {
                message.Append(",\"params\":").Append(parameters);
            }

            if (random.Next(10) == 0)
            {
                message.Append(',').Append(Json(Pick(s_extraProperties))).Append(':').Append(Value(0));
            }

            if (random.Next(20) == 0)
            {
                // A response or an error sent to the server, as if it had asked something.
                return ("{\"jsonrpc\":\"2.0\",\"id\":" + id + (random.Next(2) == 0 ? ",\"result\":" + Value(0) : ",\"error\":{\"code\":" + Pick(s_weirdNumbers) + ",\"message\":" + Value(0) + "}") + "}", "(response)");
            }

            return (message.Append('}').ToString(), method);
        }

        private string Initialize()
        {
            var version = random.Next(3) == 0 ? Value(0) : Json(Pick(s_protocolVersions));
            var capabilities = random.Next(4) == 0 ? Value(0) : "{}";
            var clientInfo = random.Next(4) == 0 ? Value(0) : "{\"name\":" + Json(RandomText(random.Next(0, 30))) + ",\"version\":" + Value(0) + "}";
            return "{\"protocolVersion\":" + version + ",\"capabilities\":" + capabilities + ",\"clientInfo\":" + clientInfo + "}";
        }

        private string ToolCall()
        {
            var names = s_tools.Keys.ToArray();
            var tool = random.Next(12) == 0 ? RandomText(random.Next(0, 70)) : Pick(names);
            if (random.Next(15) == 0)
            {
                return Value(0);
            }

            var arguments = new List<string>();
            foreach (var parameter in s_tools.GetValueOrDefault(tool) ?? [])
            {
                if (random.Next(10) < 8)
                {
                    arguments.Add(Json(parameter) + ":" + (random.Next(2) == 0 ? Plausible(parameter) : Value(0)));
                }
            }

            var extras = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            for (var i = 0; i < extras; i++)
            {
                arguments.Add(Json(random.Next(3) == 0 ? RandomText(random.Next(1, 20)) : Pick(s_extraProperties)) + ":" + Value(0));
            }

            var argumentsJson = random.Next(15) == 0 ? Value(0) : "{" + string.Join(",", arguments) + "}";
            var callParams = "{\"name\":" + (random.Next(20) == 0 ? Value(0) : Json(tool)) + ",\"arguments\":" + argumentsJson;
            if (random.Next(15) == 0)
            {
                callParams += ",\"_meta\":" + Value(0);
            }

            return callParams + "}";
        }

        /// <summary>A right-looking value, so many calls get past the argument check into the tool itself.</summary>
        private string Plausible(string parameter) => parameter switch
        {
            "session" => random.Next(4) == 0 ? Json(SessionPlaceholder[..random.Next(SessionPlaceholder.Length)]) : Json(SessionPlaceholder),
            "id" or "article_id" => Json(Pick(s_articleIds)),
            "progress" => random.Next(-5, 110).ToString(CultureInfo.InvariantCulture),
            "topic" => Json(Pick(["science", "reading", "SCIENCE", " food ", "nothing"])),
            _ => Json(RandomText(random.Next(0, 1200))),
        };

        /// <summary>Any JSON value, as text: the wrong type, a weird number, a huge or odd string, deep nesting.</summary>
        private string Value(int depth)
        {
            switch (random.Next(13))
            {
                case 0:
                    return "null";
                case 1:
                    return random.Next(2) == 0 ? "true" : "false";
                case 2:
                    return random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture);
                case 3:
                    return Pick(s_weirdNumbers);
                case 4:
                case 5:
                    return Json(RandomText(random.Next(0, 60)));
                case 6:
                    return LoneSurrogates();
                case 7:
                    return Json(HugeText());
                case 8 when depth < 4:
                    return "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Value(depth + 1))) + "]";
                case 9 when depth < 4:
                    return "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Json(Pick(s_extraProperties)) + ":" + Value(depth + 1))) + "}";
                case 10:
                    return Nested(random.Next(1, 101));
                case 11:
                    return Json(Pick(s_articleIds));
                default:
                    return Json(SessionPlaceholder);
            }
        }

        private string Nested(int depth)
        {
            var inner = random.Next(2) == 0 ? "1" : Json("deep");
            return random.Next(2) == 0
                ? new string('[', depth) + inner + new string(']', depth)
                : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + inner + new string('}', depth);
        }

        /// <summary>A JSON string with unpaired UTF-16 halves, which only the escaped form can carry.</summary>
        private string LoneSurrogates() =>
            "\"" + RandomText(random.Next(0, 10)).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal)
            + Pick(["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d", "\\ud800\\u0041", "\\uDBFF"]) + "\"";

        private string HugeText()
        {
            var length = random.Next(2) == 0 ? random.Next(9_990, 10_010) : random.Next(1, 20_001);
            var unit = RandomText(random.Next(1, 8));
            var text = new StringBuilder(length + unit.Length);
            while (text.Length < length)
            {
                text.Append(unit);
            }

            return text.ToString(0, length);
        }

        private string RandomText(int length)
        {
            var text = new StringBuilder(length);
            while (text.Length < length)
            {
                text.Append(random.Next(5) == 0 ? Pick(s_unicode) : Alphabet[random.Next(Alphabet.Length)].ToString());
            }

            return text.ToString();
        }

        private string RandomAscii(int length)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            return new string(chars);
        }

        /// <summary>Truncations and one-character edits of an otherwise valid message; half are left intact.</summary>
        private string Mutate(string message)
        {
            switch (random.Next(12))
            {
                case 0:
                    return message[..random.Next(message.Length)];
                case 1:
                    return Edit(message, (text, at) => text.Remove(at, 1));
                case 2:
                    return Edit(message, (text, at) => text.Insert(at, Pick(["{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "é", "\\u"])));
                case 3:
                    return Edit(message, (text, at) => text.Remove(at, 1).Insert(at, Pick(["0", "\"", "}", "n", "-", "\u007f"])));
                case 4:
                    return message + message;
                case 5:
                    return "[" + message + "]";
                default:
                    return message;
            }
        }

        private string Edit(string message, Func<string, int, string> edit) => edit(message, random.Next(message.Length));

        private T Pick<T>(T[] values) => values[random.Next(values.Length)];

        /// <summary>
        /// A JSON string literal, escaped by the serializer (the lone-surrogate cases are built by hand): half with
        /// non-ASCII as \u escapes, half as raw UTF-8, which is what a latin1 body then mangles.
        /// </summary>
        private string Json(string value) => JsonSerializer.Serialize(value, random.Next(2) == 0 ? s_escaped : s_raw);
    }
}
