using System.ComponentModel;

namespace Connector.Gateway.Search;

public sealed record SearchResult(
    string Query,
    [property: Description("This page of matches, best first. Empty when nothing matches: then say so, don't guess.")] IReadOnlyList<SearchHit> Results,
    [property: Description("How many items matched in all.")] int Total,
    [property: Description("Which page Results is (from 1).")] int Page,
    [property: Description("How many pages there are; ask for the next page when Page < Pages.")] int Pages,
    [property: Description("hybrid (keyword and meaning) or keyword (this app searches by keyword only).")] string Mode,
    [property: Description("Present only when the query had no words to search for, was cut short, or matched too many items to rank them all.")] string? Note,
    string Reminder);
