using Microsoft.Playwright;
using Tessera.Server.Demo;
using Tessera.Server.Tests.Browser.Coverage;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Threats;

/// <summary>The Threats page in real Chromium against the coverage demo data.</summary>
public sealed class ThreatsBrowserTests(CoverageDemoServerFixture server, BrowserFixture browser)
    : IClassFixture<CoverageDemoServerFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ActorView_PickApt29_GapsListedAndColouringSwitches()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "viewer", UsersDemoSeeder.Password, "threats");
        await page.Locator("[data-testid=group-search]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await page.FillAsync("[data-testid=group-search]", "APT29");
        await page.Locator("[data-testid=pick-G0016]").CheckAsync();
        await page.ClickAsync("[data-testid=compute]");
        await page.Locator("[data-testid=gaps-G0016] tbody tr").First.WaitForAsync();

        Assert.True(await page.Locator("[data-testid=gaps-G0016] tbody tr").CountAsync() > 5);
        Assert.StartsWith("priority = ", await page.Locator("[data-testid=formula]").InnerTextAsync());
        // APT29 uses T1190 (exploiting public-facing applications) at the technique level.
        var cell = page.Locator("[data-testid=matrix] .cell[data-technique=T1190]");
        Assert.Matches("state-(gap|rule|validated|failing|nodata) targeted", await cell.GetAttributeAsync("class") ?? "");

        await page.SelectOptionAsync("[data-testid=colouring]", "ActorRelevance");
        await Assertions.Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"heat-[1-4] targeted"));
        // A technique APT29 is not reported to use has no relevance.
        Assert.Contains("heat-0", await page.Locator("[data-testid=matrix] .cell[data-technique=T1200]").GetAttributeAsync("class"));
        await page.Context.CloseAsync();
    }
}
