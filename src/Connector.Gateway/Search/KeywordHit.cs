namespace Connector.Gateway.Search;

/// <summary>An item the keyword index found: tier 0 holds the whole query as a phrase, 1 every telling word of it (every word when none is telling), 2 some telling word.</summary>
internal readonly record struct KeywordHit(int Item, int Tier)
{
    public bool Exact => Tier == 0;

    /// <summary>
    /// Whether it matched the query as a whole rather than on some word of it. Only these count in the fusion with
    /// meaning: for a question in plain words, "some word" matches any item that shares a word with it.
    /// </summary>
    public bool Whole => Tier <= 1;
}
