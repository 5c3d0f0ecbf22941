using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tessera.Server.Demo;
using Tessera.Server.Tests.Browser.Coverage;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Threats;

/// <summary>The Threats page's URL (bookmark, share, demo link) in real Chromium against the demo data.</summary>
public sealed class ThreatsUrlBrowserTests(CoverageDemoServerFixture server, BrowserFixture browser)
    : IClassFixture<CoverageDemoServerFixture>, IClassFixture<BrowserFixture>
{
    private Task<IPage> OpenAsync(string path) =>
        UiSession.SignInAsync(browser.Browser, server.BaseAddress, "viewer", UsersDemoSeeder.Password, path);

    private static ILocator Pick(IPage page, string id) => page.Locator($"[data-testid=pick-{id}]");

    [Fact]
    public async Task OpenUrl_ActorsAndColouring_SelectedAndComputedAtOnce()
    {
        var page = await OpenAsync("threats?actors=G0016,g0007&colouring=relevance");

        await Assertions.Expect(page.Locator("[data-testid=threat-summary]")).ToContainTextAsync("% covered");
        await Assertions.Expect(Pick(page, "G0016")).ToBeCheckedAsync();
        await Assertions.Expect(Pick(page, "G0007")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-testid=gaps-G0016] tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=gaps-G0007] tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=colouring]")).ToHaveValueAsync("ActorRelevance");
        // Both picks sit under "Selected", above the groups and campaigns.
        Assert.Equal(["Selected", "Groups", "Campaigns"], await page.Locator("[data-testid=pick-heading]").AllTextContentsAsync());
        Assert.Equal(2, await page.Locator("[data-testid=pick-section-selected] input:checked").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=url-error]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ToggleGroupAndMode_UrlFollowsAndSaysRecomputeNeeded()
    {
        var page = await OpenAsync("threats?actors=G0016");
        await page.Locator("[data-testid=threat-summary]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await page.FillAsync("[data-testid=group-search]", "grim spider");
        await Pick(page, "G0102").CheckAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/threats\?actors=G0016,G0102$"));
        await Assertions.Expect(page.Locator("[data-testid=stale]")).ToBeVisibleAsync();

        await page.FillAsync("[data-testid=group-search]", "");
        await Pick(page, "G0016").UncheckAsync();
        await page.SelectOptionAsync("[data-testid=mode]", "hybrid");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/threats\?actors=G0102&mode=hybrid$"));
        await Assertions.Expect(Pick(page, "G0016")).Not.ToBeCheckedAsync();
        // The demo's nav entry links to a preset query, yet stays lit on the rewritten URL.
        await Assertions.Expect(page.Locator("[data-testid=nav-threats]")).ToHaveClassAsync(new Regex(@"\bactive\b"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OpenUrl_UnknownAndMalformedIds_ErrorsShownAsTextAndValidOneComputed()
    {
        var page = await OpenAsync("threats?actors=G9999," + Uri.EscapeDataString("<b>x</b>") + ",G0016&mode=wide");

        await Assertions.Expect(page.Locator("[data-testid=threat-summary]")).ToContainTextAsync("% covered");
        await Assertions.Expect(Pick(page, "G0016")).ToBeCheckedAsync();
        var errors = page.Locator("[data-testid=url-error]");
        await Assertions.Expect(errors).ToHaveTextAsync([
            "URL parameter actors: 'G9999' is not a group or campaign of enterprise-attack@18.1",
            "URL parameter actors: '<b>x</b>' is not an ATT&CK group or campaign ID (G0016, C0024)",
            "URL parameter mode: 'wide' is not a mode (actor, sector, hybrid)",
        ]);
        // The value is text, not markup.
        Assert.Equal(0, await errors.Locator("b").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=gaps-G0016]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DemoNavEntry_OpensDemoProfileComputed()
    {
        var page = await OpenAsync("");
        await Assertions.Expect(page.Locator("[data-testid=overview-demo-threats] a")).ToHaveAttributeAsync("href", ThreatsDemoProfile.Href);
        await UiSession.WaitForInteractiveAsync(page);

        await page.Locator("[data-testid=nav-threats]").ClickAsync();

        // Polls the address (a URL waiter can miss a client-side navigation's load event under load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/" + System.Text.RegularExpressions.Regex.Escape(ThreatsDemoProfile.Href) + "$"));
        await Assertions.Expect(page.Locator("[data-testid=threat-summary]")).ToContainTextAsync("% covered");
        foreach (var id in ThreatsDemoProfile.Actors)
        {
            await Assertions.Expect(Pick(page, id)).ToBeCheckedAsync();
        }

        await Assertions.Expect(page.Locator("[data-testid=nav-threats]")).ToHaveClassAsync(new Regex(@"\bactive\b"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_AliasOfGroup_ListedWithAliasesUnderGroups()
    {
        var page = await OpenAsync("threats");
        await page.Locator("[data-testid=group-search]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await page.FillAsync("[data-testid=group-search]", "cozy bear");

        await Assertions.Expect(page.Locator("[data-testid=pick-heading]")).ToHaveTextAsync(["Groups"]);
        await Assertions.Expect(page.Locator("[data-testid=pick-section-groups] input")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=aliases-G0016]")).ToContainTextAsync("Cozy Bear");
        await page.Context.CloseAsync();
    }
}
