namespace Connector.Gateway.Search;

/// <summary>How an app's search tool speaks: its title and description (what the AI reads to choose it) and the reminder every result ends with.</summary>
public sealed record SearchWords(string Title, string Description, string Reminder);
