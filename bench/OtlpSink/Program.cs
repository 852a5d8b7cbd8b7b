using System.IO.Compression;
using System.Text.Json;
using Bench.OtlpSink;

// The smallest real OTLP/HTTP receiver: POST /v1/traces and POST /v1/metrics read the whole body, count it
// (requests, bytes, and, for protobuf, spans by name and metric data points by metric) and discard it, answering
// 200 with an empty Export*ServiceResponse. GET /stats gives the totals as JSON; they are printed on exit too.
// It proves that the gateway's telemetry actually flowed while the benchmark measured its cost.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var stats = new SinkStats();

app.MapPost("/v1/traces", (HttpContext context) => ReceiveAsync(context, stats.Traces, OtlpCounter.CountSpans));
app.MapPost("/v1/metrics", (HttpContext context) => ReceiveAsync(context, stats.Metrics, OtlpCounter.CountDataPoints));
app.MapGet("/stats", () => Results.Json(stats.Snapshot()));
app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("otlp-sink totals: " + JsonSerializer.Serialize(stats.Snapshot())));

await app.RunAsync();

static async Task ReceiveAsync(HttpContext context, SignalStats signal, Func<byte[], Dictionary<string, long>> count)
{
    using var buffer = new MemoryStream();
    await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
    var wireBytes = buffer.Length;
    var body = buffer.ToArray();
    if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain, context.RequestAborted);
        body = plain.ToArray();
    }

    Dictionary<string, long>? items = null;
    var protobuf = context.Request.ContentType?.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase) == true;
    if (protobuf)
    {
        try
        {
            items = count(body);
        }
        catch (FormatException)
        {
            items = null;
        }
    }

    signal.Add(wireBytes, protobuf, items);
    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = "application/x-protobuf";
}
