using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tessera.Server.Tests.Api.Incidents;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Browser.Incidents;

/// <summary>Attaching an alert to an incident from alert triage, then seeing and detaching it on the incident page.</summary>
public sealed class IncidentAlertBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AttachFromTriage_IncidentPageListsAlertAndTechnique_DetachRemovesBoth()
    {
        await ActivateAsync(server);
        await IncidentAlertApiTests.MapperReadyAsync(server);
        using var admin = await server.AdminAsync();
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        var ingested = await admin.PostAsJsonAsync("api/v1/alerts", new
        {
            event_type = "alert", src_ip = "203.0.113.45", dest_ip = "192.0.2.10",
            alert = new { signature = $"ET EXPLOIT Struts OGNL injection {marker}", severity = 1, metadata = new { mitre_technique_id = new[] { "T1190" } } },
        }, Ct);
        ingested.EnsureSuccessStatusCode();
        var alertId = (await ingested.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("alerts")[0].GetProperty("id").GetInt64();
        var incident = await CreateAsync(admin, "Struts exploitation " + marker);
        var number = $"INC-{incident.Id():D5}";
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "alerts?q=" + marker);
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator($"[data-testid=alert-row][data-alert-id='{alertId}']").ClickAsync();
        var attach = page.Locator($"[data-testid=alert-detail][data-alert-id='{alertId}'] [data-testid=attach-incident]");

        await attach.Locator("[data-testid=incident-number]").FillAsync(number);
        await attach.Locator("[data-testid=attach-to-incident]").ClickAsync();

        await Assertions.Expect(attach.Locator("[data-testid=attach-message]")).ToContainTextAsync($"Attached to {number} (T1190)");
        await Assertions.Expect(attach.Locator("[data-testid=attached-incident]")).ToHaveTextAsync(number);

        await UiSession.OpenAsync(page, new Uri(server.BaseAddress, $"incidents/{incident.Id()}").ToString());
        var row = page.Locator("[data-testid=incident-alert]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("T1190");
        await Assertions.Expect(row.Locator("a[data-testid=alert-link]")).ToHaveAttributeAsync("href", $"alerts?alert={alertId}");
        await Assertions.Expect(page.Locator("[data-testid=matrix] .cell[data-technique='T1190'][data-tactic='initial-access'][data-associated=true]")).ToHaveCountAsync(1);
        // The association's origin in the list view links back to the alert in the triage queue.
        await page.ClickAsync("[data-testid=view-list]");
        await Assertions.Expect(page.Locator("[data-testid=list-table] tr[data-technique='T1190'] a[data-testid=origin-link]"))
            .ToHaveAttributeAsync("href", $"alerts?alert={alertId}");
        await page.ClickAsync("[data-testid=view-navigator]");

        await row.Locator("[data-testid=detach-alert]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=no-alerts]")).ToBeVisibleAsync();
        Assert.Empty(await TechniquesAsync(admin, incident.Id()));
        await page.Context.CloseAsync();
    }
}
