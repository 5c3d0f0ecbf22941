using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tessera.Core.Backlog;
using Tessera.Server.Demo;
using Tessera.Server.Tests.Browser.Coverage;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Backlog;

/// <summary>The backlog and regressions pages in real Chromium against the demo data set (items come from the reconciliation).</summary>
public sealed class BacklogBrowserTests(CoverageDemoServerFixture server, BrowserFixture browser)
    : IClassFixture<CoverageDemoServerFixture>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IPage> SignInAsync(string user, string path) =>
        UiSession.SignInAsync(browser.Browser, server.BaseAddress, user, UsersDemoSeeder.Password, path);

    [Fact]
    public async Task Backlog_EngineerEditsItem_SavedWithOwnerStateAndNote()
    {
        var page = await SignInAsync("engineer", "backlog");
        var row = page.Locator("[data-testid=backlog] tbody tr").First;
        await row.WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);
        var testId = await row.GetAttributeAsync("data-testid");

        await row.Locator("[data-testid=owner]").FillAsync("alice-browser");
        await row.Locator("[data-testid=note]").FillAsync("rule drafted in the browser");
        await row.Locator("[data-testid=state]").SelectOptionAsync("InProgress");
        await row.Locator("[data-testid=save]").ClickAsync();
        await page.Locator($"[data-testid='{testId}'] [data-testid=saved]").WaitForAsync();

        var saved = Assert.Single((await server.App.Services.GetRequiredService<IBacklogStore>().QueryAsync(new BacklogQuery { Owner = "alice-browser" }, Ct)).Items);
        Assert.Equal($"item-{saved.Technique.Value}-{saved.Reason}", testId);
        Assert.Equal((BacklogState.InProgress, "rule drafted in the browser"), (saved.State, saved.Note));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Backlog_Viewer_SeesItemsReadOnly()
    {
        var page = await SignInAsync("viewer", "backlog");
        await page.Locator("[data-testid=backlog] tbody tr").First.WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        Assert.True(await page.Locator("[data-testid=backlog] tbody tr").CountAsync() > 0);
        Assert.Equal(0, await page.Locator("[data-testid=backlog] [data-testid=save]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=backlog] input, [data-testid=backlog] select").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Regressions_Demo_ListsDroppedSourceLinkedFromDashboard()
    {
        var page = await SignInAsync("viewer", "coverage");
        await page.Locator("[data-testid=regressions-link]").WaitForAsync();
        await page.Locator("[data-testid=regressions-link]").ClickAsync();
        await page.Locator("[data-testid=regressions] tbody tr").First.WaitForAsync();
        await UiSession.WaitForLoadedAsync(page);

        var causes = await page.Locator("[data-testid=regressions] [data-testid=cause]").AllInnerTextsAsync();
        // The demo drops auditd: Linux techniques that had rules with data fall to "no data".
        Assert.Contains("Data source dropped", causes);
        await page.Context.CloseAsync();
    }
}
