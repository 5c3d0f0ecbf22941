using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Attack;

public sealed class AttackBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private async Task<IPage> OpenAsync(string path)
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, path);
        await UiSession.WaitForInteractiveAsync(page);
        return page;
    }

    [Fact]
    public async Task Matrix_Enterprise_ShowsTacticColumnsAndExpandsSubtechniques()
    {
        var page = await OpenAsync("attack");
        Assert.Equal(14, await page.Locator(".matrix .tactic").CountAsync());
        var execution = page.Locator(".tactic[data-tactic=execution]");
        Assert.Equal(0, await execution.Locator("[data-technique='T1059.001']").CountAsync());

        await execution.Locator("[data-testid='expand-T1059']").ClickAsync();
        await execution.Locator("[data-technique='T1059.001']").WaitForAsync();
        Assert.Contains("PowerShell", await execution.Locator("[data-technique='T1059.001']").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Matrix_ShowIdsToggle_HidesAndShowsIds()
    {
        var page = await OpenAsync("attack");
        var firstId = page.Locator(".matrix .cell .id").First;
        await firstId.WaitForAsync();
        await page.Locator("[data-testid=show-ids]").UncheckAsync();
        await page.Locator(".matrix .cell .id").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await page.Locator(".matrix .cell .id").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_Typo_HighlightsAndExpandsMatch()
    {
        var page = await OpenAsync("attack");
        await page.Locator("[data-testid=search]").FillAsync("powershel");
        await page.Locator(".cell.match[data-technique='T1059.001']").WaitForAsync();
        Assert.Contains("T1059.001", await page.Locator("[data-testid=search-results]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TechniqueLink_OpensDetailWithProceduresAndDetection()
    {
        var page = await OpenAsync("attack");
        await page.Locator(".tactic[data-tactic=credential-access] [data-technique='T1003'] a").ClickAsync();
        await page.Locator("[data-testid=technique-title]").WaitForAsync();
        Assert.Contains("T1003", await page.Locator("[data-testid=technique-title]").InnerTextAsync());
        Assert.True(await page.Locator("[data-testid=procedures] tbody tr").CountAsync() > 10);
        Assert.True(await page.Locator("[data-testid=detection-strategy]").CountAsync() > 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SourcePicker_SwitchToIcs_ShowsIcsMatrix()
    {
        var page = await OpenAsync("attack");
        await page.Locator("[data-testid=source]").SelectOptionAsync("ics-attack@18.1");
        // Blazor navigates in-page (no load event): wait on the ICS matrix itself, then check the address.
        await page.Locator(".tactic[data-tactic=inhibit-response-function]").WaitForAsync();
        Assert.Contains("ics-attack", page.Url);
        Assert.Equal(12, await page.Locator(".matrix .tactic").CountAsync());
        await page.Context.CloseAsync();
    }
}
