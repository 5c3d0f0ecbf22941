using System.Net.Http.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Runbooks;

public sealed class RunbookBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private const string Payload = """
        # Hostile runbook
        <script>window.__xss = 'script'</script>
        <img src=x onerror="window.__xss = 'img'">
        [click me](javascript:window.__xss='link')
        """;

    [Fact]
    public async Task RunbookPage_XssPayload_ShownAsTextAndNoScriptRuns()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var title = "xss " + Guid.NewGuid().ToString("N")[..6];
        (await engineer.PostAsJsonAsync("api/v1/runbooks", new { scope = "Technique", target = "T1189", title, markdown = Payload, owner = "red-team" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "runbooks");
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=runbook-list] a", new() { HasText = title }).ClickAsync();
        var preview = page.Locator("[data-testid=runbook-preview]");
        await preview.Locator("h1", new() { HasText = "Hostile runbook" }).WaitForAsync();

        var text = await preview.InnerTextAsync();
        // Markdown still applies around the tags (the double underscore may turn into emphasis); the tags stay literal text.
        Assert.Contains("<script>window.", text);
        Assert.Contains("</script>", text);
        Assert.Contains("<img src=x onerror=", text);
        Assert.Equal(0, await preview.Locator("script, img, a[href^='javascript']").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunbookPage_TypingMarkdown_PreviewUpdatesAndSaveCreatesVersionOne()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "runbooks");
        await UiSession.WaitForInteractiveAsync(page);
        var title = "ui " + Guid.NewGuid().ToString("N")[..6];
        await page.Locator("[data-testid=runbook-new]").ClickAsync();
        await page.Locator("[data-testid=runbook-target]").FillAsync("T1486");
        await page.Locator("[data-testid=runbook-title]").FillAsync(title);
        await page.Locator("[data-testid=runbook-markdown]").FillAsync("## Ransomware\n1. **Isolate** the share");

        await page.Locator("[data-testid=runbook-preview] h2", new() { HasText = "Ransomware" }).WaitForAsync();
        Assert.Equal("Isolate", await page.Locator("[data-testid=runbook-preview] li strong").InnerTextAsync());
        await page.Locator("[data-testid=runbook-save]").ClickAsync();
        await page.Locator("[data-testid=runbook-message]", new() { HasText = "Saved version 1" }).WaitForAsync();
        await page.Locator("[data-testid=runbook-list] a", new() { HasText = title }).WaitForAsync();
        await page.Context.CloseAsync();
    }
}
