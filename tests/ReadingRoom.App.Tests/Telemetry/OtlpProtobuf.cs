using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ReadingRoom.App.Tests.Telemetry;

/// <summary>The OTLP span kind (<c>Span.SpanKind</c> in opentelemetry/proto/trace/v1/trace.proto).</summary>
public enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>The OTLP status code (<c>Status.StatusCode</c> in opentelemetry/proto/trace/v1/trace.proto).</summary>
public enum OtlpStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>Which of <c>Metric</c>'s <c>data</c> oneof was set; only gauge, sum and histogram have their points decoded.</summary>
public enum OtlpMetricKind
{
    Unknown = 0,
    Gauge = 5,
    Sum = 7,
    Histogram = 9,
    ExponentialHistogram = 10,
    Summary = 11,
}

/// <summary><c>AggregationTemporality</c> in opentelemetry/proto/metrics/v1/metrics.proto.</summary>
public enum OtlpTemporality
{
    Unspecified = 0,
    Delta = 1,
    Cumulative = 2,
}

/// <summary>
/// One span as received. Attribute values are rendered as strings: strings as they are, integers and doubles
/// with the invariant culture (doubles round-trip), booleans as <c>true</c>/<c>false</c>, bytes as base64,
/// arrays as <c>[a,b]</c> and key-value lists as <c>{k=v,k2=v2}</c>. When a key repeats, the last value wins.
/// </summary>
public sealed record OtlpSpan(
    string Name,
    OtlpSpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> ResourceAttributes,
    string ScopeName,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    OtlpStatusCode StatusCode,
    string StatusMessage)
{
    public override string ToString() =>
        $"span '{Name}' ({Kind}, status {StatusCode}) {OtlpProtobuf.Describe(Attributes)} resource {OtlpProtobuf.Describe(ResourceAttributes)}";
}

/// <summary>
/// One data point of a gauge or sum (<see cref="AsInt"/> or <see cref="AsDouble"/>, whichever the sender set)
/// or of a histogram (<see cref="Count"/> and, when sent, <see cref="Sum"/>).
/// </summary>
public sealed record OtlpDataPoint(IReadOnlyDictionary<string, string> Attributes, long? AsInt, double? AsDouble, ulong? Count, double? Sum)
{
    /// <summary>A gauge's or sum's value whichever way it was sent; null for a histogram point.</summary>
    public double? Value => AsInt is { } i ? i : AsDouble;

    public override string ToString() =>
        $"{OtlpProtobuf.Describe(Attributes)} = "
        + (Count is { } count
            ? $"count {count.ToString(CultureInfo.InvariantCulture)}, sum {Sum?.ToString(CultureInfo.InvariantCulture) ?? "-"}"
            : AsInt?.ToString(CultureInfo.InvariantCulture) ?? AsDouble?.ToString(CultureInfo.InvariantCulture) ?? "(no value)");
}

/// <summary>One metric of one export. Cumulative metrics arrive again with every export: the last one is the current state.</summary>
public sealed record OtlpMetric(
    string Name,
    string Description,
    string Unit,
    OtlpMetricKind Kind,
    OtlpTemporality Temporality,
    bool IsMonotonic,
    IReadOnlyList<OtlpDataPoint> DataPoints,
    IReadOnlyDictionary<string, string> ResourceAttributes,
    string ScopeName)
{
    public override string ToString() =>
        $"metric '{Name}' ({Kind}, {Temporality}) [{string.Join("; ", DataPoints)}] resource {OtlpProtobuf.Describe(ResourceAttributes)}";
}

/// <summary>Thrown for a body that is not a well-formed protobuf message of the expected OTLP shape.</summary>
public sealed class OtlpDecodeException : Exception
{
    public OtlpDecodeException()
    {
    }

    public OtlpDecodeException(string message)
        : base(message)
    {
    }

    public OtlpDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Decodes OTLP <c>ExportTraceServiceRequest</c> and <c>ExportMetricsServiceRequest</c> bodies by hand, reading
/// only the fields the tests need. Field numbers follow opentelemetry-proto v1 (collector/trace/v1/trace_service.proto,
/// collector/metrics/v1/metrics_service.proto, trace/v1/trace.proto, metrics/v1/metrics.proto,
/// common/v1/common.proto, resource/v1/resource.proto). Every other field is skipped.
/// </summary>
public static class OtlpProtobuf
{
    /// <summary>ExportTraceServiceRequest → its spans, each with its batch's resource attributes.</summary>
    public static IReadOnlyList<OtlpSpan> DecodeTraces(ReadOnlySpan<byte> body) =>
        DecodeBatches(body, new("ExportTraceServiceRequest", "ResourceSpans", "ScopeSpans", "Span"), ReadSpan, (span, scope) => span with { ScopeName = scope });

    /// <summary>ExportMetricsServiceRequest → its metrics, each with its batch's resource attributes.</summary>
    public static IReadOnlyList<OtlpMetric> DecodeMetrics(ReadOnlySpan<byte> body) =>
        DecodeBatches(body, new("ExportMetricsServiceRequest", "ResourceMetrics", "ScopeMetrics", "Metric"), ReadMetric, (metric, scope) => metric with { ScopeName = scope });

    /// <summary><c>{k=v, k2=v2}</c>, keys in order, for assertion messages.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> attributes) =>
        "{" + string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + "}";

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        repeated KeyValue attributes = 9; Status status = 15; }
    private static OtlpSpan ReadSpan(ProtoReader reader, Dictionary<string, string> resource)
    {
        var name = "";
        var kind = OtlpSpanKind.Unspecified;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        string traceId = "", spanId = "", parentSpanId = "";
        var status = OtlpStatusCode.Unset;
        var statusMessage = "";
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    traceId = Convert.ToHexStringLower(reader.ReadBytes(wire, "Span.trace_id"));
                    break;
                case 2:
                    spanId = Convert.ToHexStringLower(reader.ReadBytes(wire, "Span.span_id"));
                    break;
                case 4:
                    parentSpanId = Convert.ToHexStringLower(reader.ReadBytes(wire, "Span.parent_span_id"));
                    break;
                case 5:
                    name = reader.ReadString(wire, "Span.name");
                    break;
                case 6:
                    kind = (OtlpSpanKind)(int)reader.ReadVarint(wire, "Span.kind");
                    break;
                case 9:
                    ReadKeyValue(reader.ReadMessage(wire, "KeyValue"), attributes);
                    break;
                case 15:
                    (status, statusMessage) = ReadStatus(reader.ReadMessage(wire, "Status"));
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return new OtlpSpan(name, kind, attributes, resource, "", traceId, spanId, parentSpanId, status, statusMessage);
    }

    // Status { string message = 2; StatusCode code = 3; }
    private static (OtlpStatusCode Code, string Message) ReadStatus(ProtoReader reader)
    {
        var code = OtlpStatusCode.Unset;
        var message = "";
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 2:
                    message = reader.ReadString(wire, "Status.message");
                    break;
                case 3:
                    code = (OtlpStatusCode)(int)reader.ReadVarint(wire, "Status.code");
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return (code, message);
    }

    /// <summary>
    /// The envelope traces and metrics share: Export…ServiceRequest { repeated Resource… = 1 },
    /// Resource… { Resource resource = 1; repeated Scope… = 2 }, Scope… { InstrumentationScope scope = 1; repeated item = 2 }.
    /// </summary>
    private static List<T> DecodeBatches<T>(ReadOnlySpan<byte> body, Envelope names, ReadItem<T> readItem, Func<T, string, T> withScope)
    {
        var items = new List<T>();
        var request = new ProtoReader(body, 0, names.Request);
        while (request.NextField(out var field, out var wire))
        {
            if (field == 1)
            {
                ReadResourceBatch(request.ReadMessage(wire, names.ResourceBatch), names, readItem, withScope, items);
            }
            else
            {
                request.Skip(field, wire);
            }
        }

        return items;
    }

    private static void ReadResourceBatch<T>(ProtoReader reader, Envelope names, ReadItem<T> readItem, Func<T, string, T> withScope, List<T> into)
    {
        // Shared by every item of the batch and filled as read, so a resource after the items still reaches them.
        var resource = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ReadResource(reader.ReadMessage(wire, "Resource"), resource);
                    break;
                case 2:
                    ReadScopeBatch(reader.ReadMessage(wire, names.ScopeBatch), names, resource, readItem, withScope, into);
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }
    }

    private static void ReadScopeBatch<T>(
        ProtoReader reader, Envelope names, Dictionary<string, string> resource, ReadItem<T> readItem, Func<T, string, T> withScope, List<T> into)
    {
        var scope = "";
        var first = into.Count;
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    scope = ReadScopeName(reader.ReadMessage(wire, "InstrumentationScope"));
                    break;
                case 2:
                    into.Add(readItem(reader.ReadMessage(wire, names.Item), resource));
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        for (var i = first; i < into.Count; i++)
        {
            into[i] = withScope(into[i], scope);
        }
    }

    /// <summary>The message names of one signal's envelope, for errors that say where the bytes went wrong.</summary>
    private sealed record Envelope(string Request, string ResourceBatch, string ScopeBatch, string Item);

    private delegate T ReadItem<T>(ProtoReader reader, Dictionary<string, string> resource);

    // Metric { string name = 1; string description = 2; string unit = 3;
    //          oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; ExponentialHistogram = 10; Summary = 11; } }
    private static OtlpMetric ReadMetric(ProtoReader reader, Dictionary<string, string> resource)
    {
        string name = "", description = "", unit = "";
        var kind = OtlpMetricKind.Unknown;
        var temporality = OtlpTemporality.Unspecified;
        var monotonic = false;
        var points = new List<OtlpDataPoint>();
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    name = reader.ReadString(wire, "Metric.name");
                    break;
                case 2:
                    description = reader.ReadString(wire, "Metric.description");
                    break;
                case 3:
                    unit = reader.ReadString(wire, "Metric.unit");
                    break;
                case 5:
                case 7:
                case 9:
                    kind = (OtlpMetricKind)field;
                    points.Clear();
                    (temporality, monotonic) = ReadPoints(reader.ReadMessage(wire, kind.ToString()), kind, points);
                    break;
                case 10:
                case 11:
                    kind = (OtlpMetricKind)field;
                    points.Clear();
                    reader.Skip(field, wire);
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return new OtlpMetric(name, description, unit, kind, temporality, monotonic, points, resource, "");
    }

    // Gauge { repeated NumberDataPoint data_points = 1; }
    // Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
    // Histogram { repeated HistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
    private static (OtlpTemporality, bool) ReadPoints(ProtoReader reader, OtlpMetricKind kind, List<OtlpDataPoint> into)
    {
        var temporality = OtlpTemporality.Unspecified;
        var monotonic = false;
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    into.Add(kind == OtlpMetricKind.Histogram
                        ? ReadHistogramPoint(reader.ReadMessage(wire, "HistogramDataPoint"))
                        : ReadNumberPoint(reader.ReadMessage(wire, "NumberDataPoint")));
                    break;
                case 2 when kind != OtlpMetricKind.Gauge:
                    temporality = (OtlpTemporality)(int)reader.ReadVarint(wire, kind + ".aggregation_temporality");
                    break;
                case 3 when kind == OtlpMetricKind.Sum:
                    monotonic = reader.ReadVarint(wire, "Sum.is_monotonic") != 0;
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return (temporality, monotonic);
    }

    // NumberDataPoint { double as_double = 4; sfixed64 as_int = 6; repeated KeyValue attributes = 7; }
    private static OtlpDataPoint ReadNumberPoint(ProtoReader reader)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        long? asInt = null;
        double? asDouble = null;
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 4:
                    asDouble = BitConverter.UInt64BitsToDouble(reader.ReadFixed64(wire, "NumberDataPoint.as_double"));
                    asInt = null;
                    break;
                case 6:
                    asInt = unchecked((long)reader.ReadFixed64(wire, "NumberDataPoint.as_int"));
                    asDouble = null;
                    break;
                case 7:
                    ReadKeyValue(reader.ReadMessage(wire, "KeyValue"), attributes);
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return new OtlpDataPoint(attributes, asInt, asDouble, null, null);
    }

    // HistogramDataPoint { fixed64 count = 4; optional double sum = 5; repeated KeyValue attributes = 9; }
    private static OtlpDataPoint ReadHistogramPoint(ProtoReader reader)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        ulong count = 0;
        double? sum = null;
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 4:
                    count = reader.ReadFixed64(wire, "HistogramDataPoint.count");
                    break;
                case 5:
                    sum = BitConverter.UInt64BitsToDouble(reader.ReadFixed64(wire, "HistogramDataPoint.sum"));
                    break;
                case 9:
                    ReadKeyValue(reader.ReadMessage(wire, "KeyValue"), attributes);
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return new OtlpDataPoint(attributes, null, null, count, sum);
    }

    // Resource { repeated KeyValue attributes = 1; }
    private static void ReadResource(ProtoReader reader, Dictionary<string, string> into)
    {
        while (reader.NextField(out var field, out var wire))
        {
            if (field == 1)
            {
                ReadKeyValue(reader.ReadMessage(wire, "KeyValue"), into);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    // InstrumentationScope { string name = 1; }
    private static string ReadScopeName(ProtoReader reader)
    {
        var name = "";
        while (reader.NextField(out var field, out var wire))
        {
            if (field == 1)
            {
                name = reader.ReadString(wire, "InstrumentationScope.name");
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return name;
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    private static void ReadKeyValue(ProtoReader reader, Dictionary<string, string> into)
    {
        string? key = null;
        var value = "";
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    key = reader.ReadString(wire, "KeyValue.key");
                    break;
                case 2:
                    value = ReadAnyValue(reader.ReadMessage(wire, "AnyValue"));
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        if (key is null)
        {
            throw new OtlpDecodeException($"OTLP protobuf: a KeyValue ending at offset {reader.End} has no key (field 1).");
        }

        into[key] = value;
    }

    // AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    //                          ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    private static string ReadAnyValue(ProtoReader reader)
    {
        var value = "";
        while (reader.NextField(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    value = reader.ReadString(wire, "AnyValue.string_value");
                    break;
                case 2:
                    value = reader.ReadVarint(wire, "AnyValue.bool_value") != 0 ? "true" : "false";
                    break;
                case 3:
                    value = unchecked((long)reader.ReadVarint(wire, "AnyValue.int_value")).ToString(CultureInfo.InvariantCulture);
                    break;
                case 4:
                    value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64(wire, "AnyValue.double_value")).ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 5:
                    value = ReadArrayValue(reader.ReadMessage(wire, "ArrayValue"));
                    break;
                case 6:
                    value = ReadKeyValueList(reader.ReadMessage(wire, "KeyValueList"));
                    break;
                case 7:
                    value = Convert.ToBase64String(reader.ReadBytes(wire, "AnyValue.bytes_value"));
                    break;
                default:
                    reader.Skip(field, wire);
                    break;
            }
        }

        return value;
    }

    // ArrayValue { repeated AnyValue values = 1; }
    private static string ReadArrayValue(ProtoReader reader)
    {
        var values = new List<string>();
        while (reader.NextField(out var field, out var wire))
        {
            if (field == 1)
            {
                values.Add(ReadAnyValue(reader.ReadMessage(wire, "AnyValue")));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return "[" + string.Join(",", values) + "]";
    }

    // KeyValueList { repeated KeyValue values = 1; }
    private static string ReadKeyValueList(ProtoReader reader)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.NextField(out var field, out var wire))
        {
            if (field == 1)
            {
                ReadKeyValue(reader.ReadMessage(wire, "KeyValue"), values);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return "{" + string.Join(",", values.Select(v => $"{v.Key}={v.Value}")) + "}";
    }
}

/// <summary>The protobuf wire types (encoding.md in the protobuf docs).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// Reads one protobuf message from a span of bytes. Offsets in errors are from the start of the whole body, and
/// name the message being read, so a malformed body says where and in what it went wrong.
/// </summary>
internal ref struct ProtoReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _base;
    private readonly string _message;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, int baseOffset, string message)
    {
        _data = data;
        _base = baseOffset;
        _message = message;
        _position = 0;
    }

    /// <summary>The body offset just past this message.</summary>
    public readonly int End => _base + _data.Length;

    private readonly int Offset => _base + _position;

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    public bool NextField(out int field, out WireType wire)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wire = default;
            return false;
        }

        var at = Offset;
        var tag = ReadRawVarint();
        if (tag >> 3 is 0 or > 536_870_911)
        {
            throw Error($"invalid field number {tag >> 3}", at);
        }

        field = (int)(tag >> 3);
        wire = (WireType)(tag & 7);
        if (wire is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.StartGroup or WireType.EndGroup or WireType.Fixed32))
        {
            throw Error($"invalid wire type {(int)wire} for field {field}", at);
        }

        return true;
    }

    public ulong ReadVarint(WireType wire, string what)
    {
        Expect(wire, WireType.Varint, what);
        return ReadRawVarint();
    }

    public ulong ReadFixed64(WireType wire, string what)
    {
        Expect(wire, WireType.Fixed64, what);
        return BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
    }

    public uint ReadFixed32(WireType wire, string what)
    {
        Expect(wire, WireType.Fixed32, what);
        return BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
    }

    public ReadOnlySpan<byte> ReadBytes(WireType wire, string what)
    {
        Expect(wire, WireType.LengthDelimited, what);
        return TakeLengthDelimited(what);
    }

    public string ReadString(WireType wire, string what)
    {
        var at = Offset;
        var bytes = ReadBytes(wire, what);
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new OtlpDecodeException($"OTLP protobuf: {what} at offset {at} in {_message} is not valid UTF-8.", e);
        }
    }

    /// <summary>A nested message, read by its own reader.</summary>
    public ProtoReader ReadMessage(WireType wire, string message)
    {
        Expect(wire, WireType.LengthDelimited, message);
        var bytes = TakeLengthDelimited(message);
        return new ProtoReader(bytes, Offset - bytes.Length, message);
    }

    /// <summary>Skips a field this decoder does not read, whatever its wire type.</summary>
    public void Skip(int field, WireType wire)
    {
        var what = $"unknown field {field}";
        switch (wire)
        {
            case WireType.Varint:
                ReadRawVarint();
                break;
            case WireType.Fixed64:
                Take(8, what);
                break;
            case WireType.LengthDelimited:
                TakeLengthDelimited(what);
                break;
            case WireType.Fixed32:
                Take(4, what);
                break;
            case WireType.StartGroup:
                // Deprecated groups never appear in OTLP, but they are well-formed protobuf: skip to the matching end.
                while (true)
                {
                    if (!NextField(out var inner, out var innerWire))
                    {
                        throw Error($"group {field} is not closed", Offset);
                    }

                    if (innerWire == WireType.EndGroup)
                    {
                        if (inner != field)
                        {
                            throw Error($"group {field} closed by end-group {inner}", Offset);
                        }

                        break;
                    }

                    Skip(inner, innerWire);
                }

                break;
            default:
                throw Error($"unexpected end-group {field}", Offset);
        }
    }

    private readonly void Expect(WireType actual, WireType expected, string what)
    {
        if (actual != expected)
        {
            throw Error($"{what} has wire type {actual}, expected {expected}", Offset);
        }
    }

    private ulong ReadRawVarint()
    {
        var at = Offset;
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Error("truncated varint", at);
            }

            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                throw Error("varint overflows 64 bits", at);
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Error("varint longer than 10 bytes", at);
    }

    private ReadOnlySpan<byte> TakeLengthDelimited(string what)
    {
        var at = Offset;
        var length = ReadRawVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"{what} declares {length} bytes but only {_data.Length - _position} remain", at);
        }

        return Take((int)length, what);
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw Error($"{what} needs {count} bytes but only {_data.Length - _position} remain", Offset);
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private readonly OtlpDecodeException Error(string problem, int at) =>
        new($"OTLP protobuf: {problem} at offset {at} in {_message}.");
}
