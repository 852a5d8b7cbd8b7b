using System.Text.Json;

namespace Connector.Interop.Tests.Interop;

/// <summary>The JSON line tests/e2e-client-v2/visit.mjs prints: what the v2 client saw, per negotiation mode.</summary>
public sealed record VisitFacts(string Node, IReadOnlyDictionary<string, ModeFacts> Modes)
{
    public static VisitFacts Parse(string line) =>
        JsonSerializer.Deserialize<VisitFacts>(line, JsonSerializerOptions.Web) ?? throw new JsonException("visit.mjs printed null");

    public ModeFacts Mode(string name) =>
        Modes.TryGetValue(name, out var facts) ? facts : throw new KeyNotFoundException($"visit.mjs reported no '{name}' mode; it reported: {string.Join(", ", Modes.Keys)}");
}

/// <summary>One connection's visit: what was negotiated, what went over the wire, and what the tools answered.</summary>
public sealed record ModeFacts(
    string? NegotiatedVersion,
    string? Era,
    IReadOnlyList<string>? DiscoverOffered,
    IReadOnlyList<string> MethodsSent,
    IReadOnlyList<string> ProtocolVersionHeaders,
    IReadOnlyList<int> HttpStatuses,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Articles,
    ArticleFacts Article,
    IReadOnlyList<ShelfItem> ShelfBefore,
    ShelfItem Saved,
    IReadOnlyList<ShelfItem> Shelf);

public sealed record ArticleFacts(string? Id, string? Title, bool HasBody);

public sealed record ShelfItem(string? ArticleId, int? Progress);
