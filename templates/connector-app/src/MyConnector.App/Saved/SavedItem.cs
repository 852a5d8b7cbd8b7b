namespace MyConnector.App.Saved;

/// <summary>One item a user kept, with their note.</summary>
public sealed record SavedItem(string ItemId, string? Note, DateTimeOffset SavedAt);
