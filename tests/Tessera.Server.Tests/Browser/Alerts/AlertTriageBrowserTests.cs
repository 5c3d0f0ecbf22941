using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Tessera.Server.Tests.Api.Alerts;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Alerts;

public sealed class AlertTriageBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<IPage> OpenAsync(string user, string password, string marker)
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, user, password, "alerts?q=" + marker);
        await UiSession.WaitForInteractiveAsync(page);
        return page;
    }

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=alert-row]");

    [Fact]
    public async Task Confirm_ThenIdenticalAlertArrives_ShowsAnalystConfirmedProvenance()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        await AlertApiTests.IngestAsync(admin, $"Custom sensor {marker} alarm from 10.0.0.1");
        var page = await OpenAsync("admin", TesseraServerFixture.AdminPassword, marker);
        var row = Rows(page).First;
        var top = await row.Locator("[data-testid=suggestion]").First.GetAttributeAsync("data-technique");

        await row.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=triage-state]")).ToHaveTextAsync("confirmed");
        await AlertApiTests.IngestAsync(admin, $"Custom sensor {marker} alarm from 10.0.0.2");
        await page.ReloadAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        var newest = Rows(page).First.Locator("[data-testid=suggestion]").First;
        Assert.Equal(top, await newest.GetAttributeAsync("data-technique"));
        Assert.Equal("analyst-confirmed", await newest.Locator("[data-testid=origin]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reject_RemovesRejectedSuggestionsAndMarksAlert()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        await AlertApiTests.IngestAsync(admin, $"Suspicious Encoded PowerShell Command Line {marker}");
        var page = await OpenAsync("admin", TesseraServerFixture.AdminPassword, marker);
        var row = Rows(page).First;
        var before = await row.Locator("[data-testid=suggestion]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.technique)");

        await row.Locator("[data-testid=reject]").ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid=triage-state]")).ToHaveTextAsync("rejected");
        var after = await row.Locator("[data-testid=suggestion]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.technique)");
        Assert.Empty(before.Intersect(after));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Correct_InvalidId_ShowsErrorAndKeepsAlertNew()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        await AlertApiTests.IngestAsync(admin, $"Odd activity {marker}");
        var page = await OpenAsync("admin", TesseraServerFixture.AdminPassword, marker);
        var row = Rows(page).First;

        await row.Locator("[data-testid=correct-input]").FillAsync("T1190 TA0001");
        await row.Locator("[data-testid=correct]").ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid=correct-error]")).ToContainTextAsync("TA0001");
        Assert.Equal("new", await row.Locator("[data-testid=triage-state]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoTriageButtonsAndApiRefusesFeedback()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Viewer visible {marker}");
        var name = "viewer" + marker;
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = "viewer-password-123", role = "Viewer" }, Ct)).EnsureSuccessStatusCode();
        using var viewerApi = await server.ClientWithRoleAsync("Viewer");

        var page = await OpenAsync(name, "viewer-password-123", marker);

        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("[data-testid=confirm], [data-testid=reject], [data-testid=correct]").CountAsync());
        var refused = await viewerApi.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HtmlInTitle_IsShownLiterallyAndNeverExecuted()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        var title = $"<b>bold</b><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script> {marker}";
        await AlertApiTests.IngestAsync(admin, title);

        var page = await OpenAsync("admin", TesseraServerFixture.AdminPassword, marker);

        var shown = Rows(page).First.Locator("[data-testid=alert-title]");
        Assert.Equal(title, await shown.InnerTextAsync());
        Assert.Equal(0, await shown.Locator("b, img, script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Library_AfterCorrection_ShowsEntryWithWhoAndWhat()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Library browser check {marker}");
        (await admin.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1046" }, note = "port scan" }, Ct)).EnsureSuccessStatusCode();

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "alerts/library");
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=library-search]").FillAsync(marker);
        await page.Locator("[data-testid=library-search]").PressAsync("Tab");

        var entry = page.Locator("[data-testid=library-entry]");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync("T1046");
        await entry.Locator("summary").ClickAsync();
        await Assertions.Expect(entry.Locator("[data-testid=history] li")).ToContainTextAsync("apikey:test-admin · correct T1046 — port scan");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task V19Correction_ShowsAtomicNameAndTheLoadedReleaseId()
    {
        using var admin = await server.AdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"EDR agent tampering {marker}");
        var feedback = await admin.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1685" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);

        var page = await OpenAsync("admin", TesseraServerFixture.AdminPassword, marker);
        var suggestion = Rows(page).First.Locator("[data-testid=suggestion][data-technique='T1685']");

        await Assertions.Expect(suggestion).ToContainTextAsync("Disable or Modify Tools");
        await Assertions.Expect(suggestion.Locator("[data-testid=same-as]")).ToContainTextAsync("T1562.001");
        await page.Context.CloseAsync();
    }
}
