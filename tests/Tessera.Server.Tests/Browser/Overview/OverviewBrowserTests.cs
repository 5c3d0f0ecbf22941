using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Browser.Overview;

/// <summary>
/// The Overview page in real Chromium. The fixture server has no demo data, so each test makes its incidents through the API.
/// </summary>
public sealed class OverviewBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private const string ScriptTitle = "<b>bold</b><img src=x onerror=\"window.__overviewXss=1\"> Beacon on ";

    private Task<IPage> SignInAsync(string path = "") =>
        UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, path);

    private static async Task<int> NumberAsync(IPage page, string stat) =>
        int.Parse(await page.Locator($"[data-testid={stat}] .number").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Overview_AfterSignIn_PanelsShowNumbersAndIncidentsLinkNavigates()
    {
        await ActivateAsync(server);
        using var admin = await server.AdminAsync();
        var incident = await CreateAsync(admin, "Credential dumping on DC01", severity: "Critical");
        (await AssociateAsync(admin, incident.Id(), incident.Version(), Pick(Enterprise, "credential-access", "T1003.001"))).EnsureSuccessStatusCode();
        var page = await SignInAsync();

        foreach (var panel in new[] { "incidents", "alerts", "coverage", "backlog", "exposures", "attack" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=overview-{panel}]")).ToBeVisibleAsync();
        }

        Assert.True(await NumberAsync(page, "open-incidents") >= 1);
        Assert.True(await NumberAsync(page, "techniques-seen") >= 1);
        Assert.NotEqual("Critical 0", await page.Locator("[data-testid=severity-Critical]").InnerTextAsync());
        Assert.Equal(0, await NumberAsync(page, "awaiting-triage"));
        Assert.Equal("alerts?state=new", await page.Locator("[data-testid=awaiting-triage] a").GetAttributeAsync("href"));
        // No rule is registered on this server: every Enterprise technique is a gap, in the Coverage page's colour class.
        Assert.Equal("gap", await page.Locator("[data-testid=coverage-gap] .tag").GetAttributeAsync("data-state"));
        Assert.Contains("state-gap", await page.Locator("[data-testid=coverage-gap] .tag").GetAttributeAsync("class"));
        Assert.Contains("enterprise-attack@18.1", await page.Locator("[data-testid=collections] tbody tr td:first-child").AllInnerTextsAsync());
        await UiSession.WaitForInteractiveAsync(page);

        await page.Locator("[data-testid=incidents-link]").ClickAsync();

        // Polls the address (a URL waiter can miss a client-side navigation's load event under load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("://[^/]+/incidents$"));
        await Assertions.Expect(page.Locator("[data-testid=incident-list]")).ToContainTextAsync("Credential dumping on DC01");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_IncidentTitleWithHtml_ShownAsText()
    {
        using var admin = await server.AdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var incident = await CreateAsync(admin, ScriptTitle + marker, severity: "High");
        var page = await SignInAsync();

        var row = page.Locator("[data-testid=recent-incidents] tr", new() { HasText = marker });
        await Assertions.Expect(row.Locator(".overview-title")).ToHaveTextAsync(ScriptTitle + marker);

        Assert.Equal(0, await row.Locator("b, img").CountAsync());
        Assert.Equal($"incidents/{incident.Id()}", await row.Locator("a").GetAttributeAsync("href"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__overviewXss === undefined"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Overview_GoingInteractive_KeepsThePrerenderedSummary()
    {
        var page = await SignInAsync("about");

        var response = await page.GotoAsync("");
        await UiSession.WaitForInteractiveAsync(page);

        // The prerendered HTML of this very load and the live DOM carry the same build time: the circuit reused the
        // summary instead of building it a second time.
        var html = await response!.TextAsync();
        var prerendered = System.Text.RegularExpressions.Regex.Match(html, "data-generated=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(prerendered);
        Assert.Equal(System.Net.WebUtility.HtmlDecode(prerendered), await page.Locator("[data-testid=overview]").GetAttributeAsync("data-generated"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Navigation_FocusedHeading_HasNoOutlineWhileInputsKeepTheirs()
    {
        var page = await SignInAsync();
        await UiSession.WaitForInteractiveAsync(page);

        // From the keyboard, as the ring shows then: Chromium draws focus-visible rings after key presses, not after clicks.
        await page.Locator("nav.sidebar a[href=incidents]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // FocusOnNavigate moves focus to the new page's h1 (for screen readers); the outline is what the CSS removes.
        await page.WaitForFunctionAsync("() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === 'Incidents'");
        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Locator("[data-testid=incident-search]").FocusAsync();
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Context.CloseAsync();
    }
}
