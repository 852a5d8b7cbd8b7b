namespace Connector.Gateway.Search;

/// <summary>What the keyword index found, best first, and whether some tier had too many matches to rank them all.</summary>
internal sealed record KeywordMatches(IReadOnlyList<KeywordHit> Hits, bool Narrowed);
