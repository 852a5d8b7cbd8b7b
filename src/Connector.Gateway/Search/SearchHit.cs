using System.ComponentModel;

namespace Connector.Gateway.Search;

public sealed record SearchHit(
    [property: Description("The item's id: fetch the whole item with it.")] string Id,
    string Title,
    [property: Description("A short passage around the match; [brackets] mark the words that matched.")] string Snippet,
    [property: Description("How well it matches, from 0 to 1 (1: first by both keyword and meaning).")] double Score,
    [property: Description("exact (the whole query as a phrase), keyword, meaning: what found it.")] IReadOnlyList<string> MatchedBy,
    [property: Description("More about the item, as the app describes it.")] IReadOnlyDictionary<string, string>? Fields);
