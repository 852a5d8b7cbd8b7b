namespace Connector.Gateway.Search;

/// <summary>A search source from two functions: what the items are now, and what changes when they do.</summary>
public sealed class SearchSource(Func<object> version, Func<IEnumerable<SearchItem>> items) : ISearchSource
{
    public object Version => version();

    public IReadOnlyList<SearchItem> Items => [.. items()];
}
