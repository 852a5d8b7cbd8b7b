namespace MyConnector.App.Content;

/// <summary>One piece of the app's content. Replace it with your shape: a lesson, an article, a help topic.</summary>
public sealed record Item(string Id, string Title, string Text);
