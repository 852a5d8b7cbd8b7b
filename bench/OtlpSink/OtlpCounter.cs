using System.Text;

namespace Bench.OtlpSink;

/// <summary>
/// Counts what an OTLP protobuf export carries by walking only the fields it needs (opentelemetry-proto):
/// ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2) → Span.name(5);
/// ExportMetricsServiceRequest.resource_metrics(1) → ResourceMetrics.scope_metrics(2) → ScopeMetrics.metrics(2) →
/// Metric.name(1) and its gauge(5) / sum(7) / histogram(9) / exponential_histogram(10) / summary(11) → data_points(1).
/// Throws FormatException on a body that is not valid protobuf.
/// </summary>
internal static class OtlpCounter
{
    private static readonly int[] s_metricData = [5, 7, 9, 10, 11];

    public static Dictionary<string, long> CountSpans(byte[] body)
    {
        var spans = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var resource in Fields(body, 1))
        {
            foreach (var scope in Fields(resource, 2))
            {
                foreach (var span in Fields(scope, 2))
                {
                    var name = Name(span, 5);
                    spans[name] = spans.GetValueOrDefault(name) + 1;
                }
            }
        }

        return spans;
    }

    public static Dictionary<string, long> CountDataPoints(byte[] body)
    {
        var points = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var resource in Fields(body, 1))
        {
            foreach (var scope in Fields(resource, 2))
            {
                foreach (var metric in Fields(scope, 2))
                {
                    var name = Name(metric, 1);
                    long n = 0;
                    foreach (var field in s_metricData)
                    {
                        foreach (var data in Fields(metric, field))
                        {
                            n += Fields(data, 1).Count;
                        }
                    }

                    points[name] = points.GetValueOrDefault(name) + n;
                }
            }
        }

        return points;
    }

    private static string Name(ArraySegment<byte> message, int field) =>
        Fields(message, field) is [var name, ..] ? Encoding.UTF8.GetString(name) : "(no name)";

    /// <summary>The payloads of every length-delimited occurrence of one field of a message.</summary>
    private static List<ArraySegment<byte>> Fields(ArraySegment<byte> message, int field)
    {
        var found = new List<ArraySegment<byte>>();
        var bytes = message.AsSpan();
        var at = 0;
        while (at < bytes.Length)
        {
            var key = Varint(bytes, ref at);
            var wireType = (int)(key & 7);
            var number = (int)(key >> 3);
            switch (wireType)
            {
                case 0:
                    Varint(bytes, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    var length = Varint(bytes, ref at);
                    if (length > (ulong)(bytes.Length - at))
                    {
                        throw new FormatException("a length-delimited field runs past the end of its message");
                    }

                    if (number == field)
                    {
                        found.Add(message.Slice(at, (int)length));
                    }

                    at += (int)length;
                    break;
                default:
                    throw new FormatException($"unsupported wire type {wireType}");
            }

            if (at > bytes.Length)
            {
                throw new FormatException("a field runs past the end of its message");
            }
        }

        return found;
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new FormatException("a varint runs past the end of its message");
            }

            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a varint longer than 10 bytes");
    }
}
