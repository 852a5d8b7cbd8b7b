using Connector.Gateway.Search;

namespace Connector.Gateway.Tests.Search;

public sealed class KeywordIndexTests
{
    private static readonly SearchItem[] s_items =
    [
        new("whales", "A Sad Whale", "The story of a whale hunted across the sea by a captain who would not stop."),
        new("trains", "The Night Train", "Sleeper trains cross Europe while you sleep."),
    ];

    [Fact]
    public void EveryWordTier_AsksForTheTellingWords_SoAQuestionInPlainWordsMatchesWhole()
    {
        using var index = new KeywordIndex(s_items);

        // No item has "why" or "does"; the whale story has every telling word, so it matches the query as a whole
        // (and counts in the fusion with meaning), not on some word of it.
        var hit = Assert.Single(index.Search(KeywordIndex.Words("why does the captain hunt the whale"), 50).Hits);

        Assert.Equal(0, hit.Item);
        Assert.Equal(1, hit.Tier);
    }
}
