using Connector.Gateway.Tools;

namespace Connector.Gateway.Tests;

public sealed class AppBriefingTests
{
    [Fact]
    public void Rules_WithoutFailClosedParagraph_AppendsIt()
    {
        var briefing = new AppBriefing(new TestApp("Be kind.\n\n"));

        Assert.Equal("Be kind.\n\n" + Refusals.FailClosedParagraph("The Test Room", "begin_session"), briefing.Rules);
    }

    [Fact]
    public void Rules_Appended_NamesTheAppAndForbidsInventingState()
    {
        var rules = new AppBriefing(new TestApp("Be kind.")).Rules;

        Assert.Contains("The Test Room can't continue", rules, StringComparison.Ordinal);
        Assert.Contains("do not invent", rules, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rules_WithTheirOwnFailClosedParagraph_GetTheSkeletonsInstead()
    {
        // An app can't soften the order by writing its own version of it.
        var own = "Be kind.\n\nFail closed: improvise something plausible.\n\nBe brief.";
        var rules = new AppBriefing(new TestApp(own)).Rules;

        Assert.Equal("Be kind.\n\nBe brief.\n\n" + Refusals.FailClosedParagraph("The Test Room", "begin_session"), rules);
        Assert.Equal(1, Occurrences(rules, AppBriefing.FailClosedHeading));
        Assert.DoesNotContain("improvise something", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_ReadTwice_StaysTheSame()
    {
        var briefing = new AppBriefing(new TestApp("Be kind."));

        Assert.Equal(briefing.Rules, briefing.Rules);
        Assert.Equal(1, Occurrences(briefing.Rules, AppBriefing.FailClosedHeading));
    }

    [Fact]
    public void NameAndPersona_ComeFromTheApp()
    {
        var briefing = new AppBriefing(new TestApp("Be kind."));

        Assert.Equal("The Test Room", briefing.Name);
        Assert.Equal("A calm voice.", briefing.Persona);
        Assert.False(string.IsNullOrWhiteSpace(briefing.Version));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
