namespace Connector.Gateway.Search;

/// <summary>
/// Where a search tool's items come from. <see cref="Version"/> changes when the content does (e.g. its file's write
/// time), and the index is rebuilt then, as rules and persona are re-read.
/// </summary>
public interface ISearchSource
{
    /// <summary>Anything that compares unequal once the items have changed.</summary>
    object Version { get; }

    IReadOnlyList<SearchItem> Items { get; }
}
