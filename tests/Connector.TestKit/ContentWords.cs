using System.Text.RegularExpressions;

namespace Connector.TestKit;

/// <summary>
/// For paraphrase tests of search by meaning: whether a query shares a content word with a text. Words of four letters
/// or more that are not function words count, and two words are the same when their first five letters are (so
/// "sleeping" and "sleeper" match, as a stemmer would make them).
/// </summary>
public static partial class ContentWords
{
    private static readonly HashSet<string> s_functionWords = new(StringComparer.Ordinal)
    {
        "about", "after", "again", "also", "because", "been", "before", "being", "does", "each", "even", "every", "from",
        "have", "here", "into", "just", "like", "makes", "make", "many", "more", "most", "much", "only", "other", "over",
        "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
        "those", "through", "very", "what", "when", "where", "which", "while", "will", "with", "without", "would", "your",
        "yours", "the", "one", "ones",
    };

    /// <summary>The content words the query and the text share (empty: a true paraphrase).</summary>
    public static IReadOnlyList<string> Shared(string query, string text)
    {
        var textStems = Of(text).ToHashSet(StringComparer.Ordinal);
        return [.. Of(query).Where(textStems.Contains).Distinct()];
    }

    private static IEnumerable<string> Of(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value)
            .Where(w => w.Length >= 4 && !s_functionWords.Contains(w))
            .Select(w => w.Length > 5 ? w[..5] : w);

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
