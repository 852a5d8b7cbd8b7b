using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReadingRoom.App.Tests.Telemetry;

/// <summary>One request the receiver took, its body already un-gzipped.</summary>
public sealed record OtlpRequest(string Path, string? ContentType, string? ContentEncoding, byte[] Body);

/// <summary>
/// A real OTLP/HTTP (<c>http/protobuf</c>) endpoint on a loopback port, inside the test process: point an exporter's
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> at <see cref="Endpoint"/> and assert on what arrives. It takes
/// <c>POST /v1/traces</c> and <c>POST /v1/metrics</c> (decoded into <see cref="Spans"/> and <see cref="Metrics"/>)
/// and <c>POST /v1/logs</c> (kept as bytes only), plain or gzip, and answers 200 with an empty body — a valid
/// empty Export*ServiceResponse. A body that does not decode is answered 400 and kept in <see cref="DecodeErrors"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<OtlpRequest> _requests = [];
    private readonly List<OtlpSpan> _spans = [];
    private readonly List<OtlpMetric> _metrics = [];
    private readonly List<string> _errors = [];

    private OtlpReceiver(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base URL, <c>http://127.0.0.1:PORT</c>, without a trailing slash: the value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The full traces URL, for an exporter configured in code (whose <c>Endpoint</c> is used as it is).</summary>
    public Uri TracesUrl => new(Endpoint + "/v1/traces");

    /// <summary>The full metrics URL, for an exporter configured in code.</summary>
    public Uri MetricsUrl => new(Endpoint + "/v1/metrics");

    /// <summary>Every request taken so far, in arrival order, bodies un-gzipped.</summary>
    public IReadOnlyList<OtlpRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Every body taken so far (traces, metrics and logs), un-gzipped so a secret inside cannot hide behind
    /// compression. See <see cref="ContainsText"/>.
    /// </summary>
    public IReadOnlyList<byte[]> RawBytes
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.Select(r => r.Body)];
            }
        }
    }

    /// <summary>Every span decoded so far, in arrival order.</summary>
    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Every metric decoded so far, in arrival order; a cumulative metric appears once per export.</summary>
    public IReadOnlyList<OtlpMetric> Metrics
    {
        get
        {
            lock (_gate)
            {
                return [.. _metrics];
            }
        }
    }

    /// <summary>Why a body was refused (not protobuf, unknown encoding, malformed); empty when all went well.</summary>
    public IReadOnlyList<string> DecodeErrors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var endpoint = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(endpoint);
        // Its refusals are kept in DecodeErrors; the host's start-up chatter would only bury other tests' output.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, endpoint);
        app.MapPost("/v1/traces", context => receiver.ReceiveAsync(context));
        app.MapPost("/v1/metrics", context => receiver.ReceiveAsync(context));
        app.MapPost("/v1/logs", context => receiver.ReceiveAsync(context));
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The most recent export of the metric with this name, or null when none has arrived.</summary>
    public OtlpMetric? LastMetric(string name) => Metrics.LastOrDefault(m => m.Name == name);

    /// <summary>Whether any body taken so far holds this text's UTF-8 bytes (protobuf strings are UTF-8 as they are).</summary>
    public bool ContainsText(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return RawBytes.Any(body => body.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>
    /// Polls every 50 ms until <paramref name="condition"/> holds (true) or <paramref name="limit"/> has passed
    /// (false, after one last look). An exception from the condition propagates.
    /// </summary>
    public async Task<bool> WaitForAsync(Func<OtlpReceiver, bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return condition(this);
    }

    /// <summary>What arrived, for an assertion message.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            text.Append(_requests.Count).Append(" request(s): ")
                .AppendJoin(", ", _requests.Select(r => $"{r.Path} {r.ContentType} {r.ContentEncoding ?? "identity"} {r.Body.Length} bytes"))
                .AppendLine();
            foreach (var span in _spans)
            {
                text.AppendLine(span.ToString());
            }

            foreach (var metric in _metrics)
            {
                text.AppendLine(metric.ToString());
            }

            foreach (var error in _errors)
            {
                text.Append("error: ").AppendLine(error);
            }

            return text.ToString();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var encoding = request.Headers.ContentEncoding.ToString();
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request.Body, encoding, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            Refuse(context, StatusCodes.Status400BadRequest, $"{path}: body not readable as '{encoding}': {e.Message}");
            return;
        }

        var record = new OtlpRequest(path, request.ContentType, encoding.Length == 0 ? null : encoding, body);
        if (!IsProtobuf(request.ContentType))
        {
            lock (_gate)
            {
                _requests.Add(record);
            }

            Refuse(context, StatusCodes.Status415UnsupportedMediaType, $"{path}: content type '{request.ContentType}' is not {Protobuf}");
            return;
        }

        IReadOnlyList<OtlpSpan> spans = [];
        IReadOnlyList<OtlpMetric> metrics = [];
        try
        {
            if (path == "/v1/traces")
            {
                spans = OtlpProtobuf.DecodeTraces(body);
            }
            else if (path == "/v1/metrics")
            {
                metrics = OtlpProtobuf.DecodeMetrics(body);
            }
        }
        catch (OtlpDecodeException e)
        {
            lock (_gate)
            {
                _requests.Add(record);
            }

            Refuse(context, StatusCodes.Status400BadRequest, $"{path}: {e.Message}");
            return;
        }

        lock (_gate)
        {
            _requests.Add(record);
            _spans.AddRange(spans);
            _metrics.AddRange(metrics);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Protobuf;
        context.Response.ContentLength = 0;
    }

    private void Refuse(HttpContext context, int status, string error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }

        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, string encoding, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await body.CopyToAsync(buffer, cancel);
        }
        else if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer, cancel);
        }
        else
        {
            throw new NotSupportedException($"Content-Encoding '{encoding}' is not supported");
        }

        return buffer.ToArray();
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals(Protobuf, StringComparison.OrdinalIgnoreCase);
}
