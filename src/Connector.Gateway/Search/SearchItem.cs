namespace Connector.Gateway.Search;

/// <summary>
/// One thing an app makes searchable: its id (what the AI then fetches by), its title and text, and any short fields
/// worth showing beside a result (e.g. a topic or a unit).
/// </summary>
public sealed record SearchItem(string Id, string Title, string Text, IReadOnlyDictionary<string, string>? Fields = null);
