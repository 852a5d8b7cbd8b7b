using Microsoft.Playwright;

namespace ReadingRoom.App.Tests.FrontPage;

/// <summary>
/// The page for people in a real headless Chromium: what a person sees and clicks, under the page's own
/// Content-Security-Policy (a blocked script or style would show here, not in the HTML).
/// </summary>
public sealed class FrontPageBrowserTests(SqliteConnector<Program> fixture, ITestOutputHelper output) : IClassFixture<SqliteConnector<Program>>
{
    [ChromiumFact]
    public async Task Page_InARealBrowser_ShowsNameAndUrl_CopyPutsTheUrlOnTheClipboard_NoPolicyViolations()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { Permissions = ["clipboard-read", "clipboard-write"] });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        var errors = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => errors.Add(error);

        var response = await page.GotoAsync(fixture.Gateway.Origin + "/");

        Assert.Equal(200, response?.Status);
        await Assertions.Expect(page).ToHaveTitleAsync("The Reading Room");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("The Reading Room");
        Assert.Equal(fixture.Gateway.McpUrl, await page.Locator("#connector-url").InnerTextAsync());
        var copy = page.Locator("#copy");
        await Assertions.Expect(copy).ToHaveAccessibleNameAsync("Copy");
        await copy.ClickAsync();
        await Assertions.Expect(copy).ToHaveTextAsync("Copied");
        Assert.Equal(fixture.Gateway.McpUrl, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var screenshot = Path.Combine(Directory.CreateTempSubdirectory("reading-room-front-page-").FullName, "front-page.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Front page screenshot: {screenshot}");
        Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task Page_AtTheConnectorUrl_WithoutJavaScript_ShowsTheUrlAsText_AndNoButton()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(fixture.Gateway.McpUrl);

        Assert.Equal(200, response?.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("The Reading Room");
        await Assertions.Expect(page.Locator("#connector-url")).ToHaveTextAsync(fixture.Gateway.McpUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeHiddenAsync();
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ChromiumFactAttribute.ExecutablePath,
        Headless = true,
        Args = ChromiumFactAttribute.Args,
    });
}
