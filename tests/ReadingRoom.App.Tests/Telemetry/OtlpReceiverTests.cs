using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ReadingRoom.App.Tests.Telemetry;

/// <summary>
/// The test OTLP receiver and its hand-written protobuf decoder, proven against the real OpenTelemetry .NET
/// OTLP exporter (http/protobuf): what the SDK sends is decoded to exactly the names, kinds, attributes and
/// values that were emitted, plain or gzip, and bytes the decoder does not know are skipped or refused clearly.
/// </summary>
public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private const string Service = "otlp-self-test";

    private static readonly string[] s_metricNames = ["selftest.latency", "selftest.level", "selftest.requests"];

    private static readonly string[] s_bothPaths = ["/v1/metrics", "/v1/traces"];

    private OtlpReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await OtlpReceiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void Span_FromTheRealExporter_DecodesNameKindStatusAttributesAndResource()
    {
        using var source = new ActivitySource(UniqueName("source"));
        using var provider = Tracer(source.Name, o => o.Endpoint = _receiver.TracesUrl);

        string traceId, spanId;
        using (var activity = source.StartActivity("tools/call search", ActivityKind.Server))
        {
            Assert.NotNull(activity);
            activity.SetTag("mcp.tool", "search");
            activity.SetTag("mcp.results", 42);
            activity.SetTag("mcp.large", long.MinValue);
            activity.SetTag("mcp.cached", true);
            activity.SetTag("mcp.score", 0.1);
            activity.SetStatus(ActivityStatusCode.Error, "boom");
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
        }

        Assert.True(provider.ForceFlush(10_000), _receiver.Describe());

        var span = Assert.Single(_receiver.Spans);
        Assert.Equal("tools/call search", span.Name);
        Assert.Equal(OtlpSpanKind.Server, span.Kind);
        Assert.Equal(OtlpStatusCode.Error, span.StatusCode);
        Assert.Equal("boom", span.StatusMessage);
        Assert.Equal(source.Name, span.ScopeName);
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal(spanId, span.SpanId);
        Assert.Equal("", span.ParentSpanId);
        AssertAttributes(span.Attributes,
            ("mcp.tool", "search"), ("mcp.results", "42"), ("mcp.large", "-9223372036854775808"), ("mcp.cached", "true"), ("mcp.score", "0.1"));
        AssertAttributes(span.ResourceAttributes, ("service.name", Service), ("service.version", "1.2.3"));

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("/v1/traces", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        Assert.Null(request.ContentEncoding);
        Assert.Empty(_receiver.DecodeErrors);
    }

    [Fact]
    public void Metrics_FromTheRealExporter_DecodeSumGaugeAndHistogramPoints()
    {
        using var meter = new Meter(UniqueName("meter"));
        var requests = meter.CreateCounter<long>("selftest.requests");
        var latency = meter.CreateHistogram<double>("selftest.latency", unit: "s", description: "How long a call took.");
        meter.CreateObservableGauge("selftest.level", () => 0.25);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Service, autoGenerateServiceInstanceId: false))
            .AddMeter(meter.Name)
            .AddOtlpExporter((o, reader) =>
            {
                o.Endpoint = _receiver.MetricsUrl;
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build();

        requests.Add(3, new KeyValuePair<string, object?>("tool", "search"), new("ok", true));
        requests.Add(4, new KeyValuePair<string, object?>("tool", "search"), new("ok", true));
        requests.Add(1, new KeyValuePair<string, object?>("tool", "fetch"), new("ok", false));
        latency.Record(1.5, new KeyValuePair<string, object?>("tool", "search"));
        latency.Record(2.5, new KeyValuePair<string, object?>("tool", "search"));

        Assert.True(provider.ForceFlush(10_000), _receiver.Describe());

        Assert.Equal(s_metricNames, _receiver.Metrics.Select(m => m.Name).Order(StringComparer.Ordinal));

        var sum = _receiver.LastMetric("selftest.requests")!;
        Assert.Equal(OtlpMetricKind.Sum, sum.Kind);
        Assert.Equal(OtlpTemporality.Cumulative, sum.Temporality);
        Assert.True(sum.IsMonotonic);
        Assert.Equal(meter.Name, sum.ScopeName);
        AssertAttributes(sum.ResourceAttributes, ("service.name", Service));
        Assert.Equal(2, sum.DataPoints.Count);
        var search = Assert.Single(sum.DataPoints, p => p.Attributes.GetValueOrDefault("tool") == "search");
        AssertAttributes(search.Attributes, ("tool", "search"), ("ok", "true"));
        Assert.Equal(7, search.AsInt);
        Assert.Null(search.AsDouble);
        var fetch = Assert.Single(sum.DataPoints, p => p.Attributes.GetValueOrDefault("tool") == "fetch");
        AssertAttributes(fetch.Attributes, ("tool", "fetch"), ("ok", "false"));
        Assert.Equal(1, fetch.AsInt);

        var gauge = _receiver.LastMetric("selftest.level")!;
        Assert.Equal(OtlpMetricKind.Gauge, gauge.Kind);
        var level = Assert.Single(gauge.DataPoints);
        Assert.Empty(level.Attributes);
        Assert.Equal(0.25, level.AsDouble);
        Assert.Null(level.AsInt);

        var histogram = _receiver.LastMetric("selftest.latency")!;
        Assert.Equal(OtlpMetricKind.Histogram, histogram.Kind);
        Assert.Equal("s", histogram.Unit);
        Assert.Equal("How long a call took.", histogram.Description);
        var point = Assert.Single(histogram.DataPoints);
        AssertAttributes(point.Attributes, ("tool", "search"));
        Assert.Equal(2UL, point.Count);
        Assert.Equal(4.0, point.Sum);

        Assert.Equal("/v1/metrics", Assert.Single(_receiver.Requests).Path);
        Assert.Empty(_receiver.DecodeErrors);
    }

    [Fact]
    public void GzipBody_FromTheRealExporter_DecodesAndItsTextIsSearchable()
    {
        const string marker = "needle-4f1c9a7e-never-elsewhere";
        using var source = new ActivitySource(UniqueName("gzip"));
        using var provider = Tracer(source.Name, o =>
        {
            o.Endpoint = _receiver.TracesUrl;
            o.Compression = OtlpExportCompression.GZip;
        });

        using (var activity = source.StartActivity("zipped"))
        {
            activity?.SetTag("payload", marker);
        }

        Assert.True(provider.ForceFlush(10_000), _receiver.Describe());

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("gzip", request.ContentEncoding);
        var span = Assert.Single(_receiver.Spans);
        Assert.Equal("zipped", span.Name);
        Assert.Equal(OtlpSpanKind.Internal, span.Kind);
        AssertAttributes(span.Attributes, ("payload", marker));
        Assert.True(_receiver.ContainsText(marker), "the un-gzipped body holds the attribute's text");
        Assert.False(_receiver.ContainsText("needle-that-was-never-sent"));
    }

    [Fact]
    public async Task BaseEndpoint_AsTheEnvironmentVariableGivesIt_GetsTheSignalPathsAppended()
    {
        // What the gateway will do: OTEL_EXPORTER_OTLP_ENDPOINT/PROTOCOL, no path. Given through the SDK's own
        // IConfiguration, not the process environment, so no other test's exporter sees it.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }).Build();
        using var source = new ActivitySource(UniqueName("env"));
        using var meter = new Meter(UniqueName("env"));
        var counter = meter.CreateCounter<int>("selftest.env");
        using var tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(s => s.AddSingleton<IConfiguration>(settings))
            .AddSource(source.Name)
            .AddOtlpExporter()
            .Build();
        using var meters = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(s => s.AddSingleton<IConfiguration>(settings))
            .AddMeter(meter.Name)
            .AddOtlpExporter()
            .Build();

        source.StartActivity("from-env")?.Dispose();
        counter.Add(5);
        Assert.True(tracer.ForceFlush(10_000), _receiver.Describe());
        Assert.True(meters.ForceFlush(10_000), _receiver.Describe());

        Assert.True(await _receiver.WaitForAsync(r => r.Spans.Count == 1 && r.LastMetric("selftest.env") is not null, TimeSpan.FromSeconds(5)), _receiver.Describe());
        Assert.Equal("from-env", Assert.Single(_receiver.Spans).Name);
        Assert.Equal(5, Assert.Single(_receiver.LastMetric("selftest.env")!.DataPoints).AsInt);
        Assert.Equal(s_bothPaths, _receiver.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UnknownFields_OfEveryWireType_AreSkippedAtEveryLevel()
    {
        // ExportTraceServiceRequest { resource_spans = 1 { resource = 1 { attributes = 1 }, scope_spans = 2 { spans = 2 } } }
        // with an unknown field of each wire type (varint, 64-bit, length-delimited, 32-bit, group) beside the known ones.
        byte[] unknowns = [.. Field(90, 0, Varint(300)), .. Field(91, 1, new byte[8]), .. Len(92, [1, 2, 3]), .. Field(93, 5, new byte[4]),
            .. Field(94, 3, []), .. Field(1, 0, Varint(7)), .. Field(94, 4, [])];
        var keyValue = Len(9, [.. Str(1, "http.route"), .. unknowns, .. Len(2, [.. unknowns, .. Field(3, 0, Varint(200))])]);
        var span = Len(2, [.. unknowns, .. Str(5, "hand-made"), .. Field(6, 0, Varint(3)), .. keyValue, .. Field(7, 1, new byte[8])]);
        var resource = Len(1, [.. unknowns, .. Len(1, [.. Str(1, "service.name"), .. Len(2, Str(1, "by-hand"))])]);
        byte[] body = [.. unknowns, .. Len(1, [.. Len(2, [.. unknowns, .. span]), .. unknowns, .. resource])];

        var decoded = Assert.Single(OtlpProtobuf.DecodeTraces(body));

        Assert.Equal("hand-made", decoded.Name);
        Assert.Equal(OtlpSpanKind.Client, decoded.Kind);
        Assert.Equal("", decoded.TraceId);
        AssertAttributes(decoded.Attributes, ("http.route", "200"));
        AssertAttributes(decoded.ResourceAttributes, ("service.name", "by-hand"));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A }, "truncated varint")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x12 }, "declares 5 bytes but only 1 remain")]
    [InlineData(new byte[] { 0x11, 1, 2, 3 }, "unknown field 2 needs 8 bytes but only 3 remain")]
    [InlineData(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint overflows 64 bits at offset 1")]
    [InlineData(new byte[] { 0x0F }, "invalid wire type 7")]
    [InlineData(new byte[] { 0x00 }, "invalid field number 0")]
    [InlineData(new byte[] { 0x08, 0x01 }, "ResourceSpans has wire type Varint")]
    [InlineData(new byte[] { 0x0A, 0x01, 0x00 }, "invalid field number 0 at offset 2 in ResourceSpans")]
    [InlineData(new byte[] { 0x0A, 0x06, 0x12, 0x04, 0x12, 0x02, 0x28, 0x01 }, "Span.name has wire type Varint, expected LengthDelimited at offset 7 in Span")]
    [InlineData(new byte[] { 0x0A, 0x07, 0x12, 0x05, 0x12, 0x03, 0x2A, 0x01, 0xFF }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x1B, 0x08, 0x01 }, "group 3 is not closed")]
    public void MalformedBody_ThrowsNamingTheProblem(byte[] body, string problem)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpProtobuf.DecodeTraces(body));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("OTLP protobuf: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiver_RefusesWhatItCannotRead_AndCountsNothingFromIt()
    {
        using var http = new HttpClient();
        using var garbage = Protobuf([0x0A, 0x7F, 0x01]);
        using var garbageResponse = await http.PostAsync(_receiver.TracesUrl, garbage);
        Assert.Equal(HttpStatusCode.BadRequest, garbageResponse.StatusCode);

        using var json = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var jsonResponse = await http.PostAsync(_receiver.MetricsUrl, json);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, jsonResponse.StatusCode);

        using var notGzip = Protobuf([1, 2, 3]);
        notGzip.Headers.ContentEncoding.Add("gzip");
        using var notGzipResponse = await http.PostAsync(_receiver.TracesUrl, notGzip);
        Assert.Equal(HttpStatusCode.BadRequest, notGzipResponse.StatusCode);

        using var empty = Protobuf([]);
        using var emptyResponse = await http.PostAsync(_receiver.TracesUrl, empty);
        Assert.Equal(HttpStatusCode.OK, emptyResponse.StatusCode);
        Assert.Empty(await emptyResponse.Content.ReadAsByteArrayAsync());

        Assert.Equal(3, _receiver.DecodeErrors.Count);
        Assert.Empty(_receiver.Spans);
        Assert.Empty(_receiver.Metrics);
    }

    [Fact]
    public async Task Receiver_HandGzippedBody_IsUnzippedBeforeDecoding()
    {
        byte[] body = [.. Len(1, Len(2, Len(2, Str(5, "gzipped-by-hand"))))];
        using var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(body);
        }

        using var http = new HttpClient();
        using var content = Protobuf(zipped.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PostAsync(_receiver.TracesUrl, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzipped-by-hand", Assert.Single(_receiver.Spans).Name);
        Assert.Equal(body, Assert.Single(_receiver.RawBytes));
    }

    [Fact]
    public async Task WaitFor_ANeverTrueCondition_GivesUpAfterTheLimit()
    {
        var clock = Stopwatch.StartNew();
        var calls = 0;

        var met = await _receiver.WaitForAsync(_ => { calls++; return false; }, TimeSpan.FromMilliseconds(300));

        Assert.False(met);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10));
        Assert.True(calls >= 2, $"{calls} looks");
        Assert.True(await _receiver.WaitForAsync(_ => true, TimeSpan.Zero));
    }

    private static TracerProvider Tracer(string source, Action<OtlpExporterOptions> configure) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Service, serviceVersion: "1.2.3", autoGenerateServiceInstanceId: false))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Simple;
                configure(o);
            })
            .Build();

    private static string UniqueName(string what) => $"ReadingRoom.Tests.Otlp.{what}.{Guid.NewGuid():N}";

    private static void AssertAttributes(IReadOnlyDictionary<string, string> actual, params (string Key, string Value)[] expected) =>
        Assert.Equal(
            OtlpProtobuf.Describe(expected.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)),
            OtlpProtobuf.Describe(actual));

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Field(int number, int wireType, byte[] payload) => [.. Varint((ulong)((number << 3) | wireType)), .. payload];

    private static byte[] Len(int number, byte[] payload) => Field(number, 2, [.. Varint((ulong)payload.Length), .. payload]);

    private static byte[] Str(int number, string text) => Len(number, System.Text.Encoding.UTF8.GetBytes(text));
}
