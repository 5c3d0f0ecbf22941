using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Browser.Incidents;

/// <summary>The incident list in real Chromium: it follows its address when a link changes it while the page is open.</summary>
public sealed class IncidentListBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    // The menu's "Incidents" from /incidents?technique=… used to drop the "with T…" tag but keep the filtered list.
    [Fact]
    public async Task TechniqueFilter_MenuLinkToAllIncidents_ListsThemAll()
    {
        await ActivateAsync(server);
        using var admin = await server.AdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var dumping = await CreateAsync(admin, $"Credential dumping {marker}");
        (await AssociateAsync(admin, dumping.Id(), dumping.Version(), Pick(Enterprise, "credential-access", "T1003.001"))).EnsureSuccessStatusCode();
        await CreateAsync(admin, $"Phishing wave {marker}");
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "incidents?technique=T1003.001");
        var list = page.Locator("[data-testid=incident-list]");
        await Assertions.Expect(list).ToContainTextAsync($"Credential dumping {marker}");
        await Assertions.Expect(list).Not.ToContainTextAsync($"Phishing wave {marker}");

        await page.Locator("nav.sidebar a[href='incidents']").ClickAsync();

        // Polls the address (a URL waiter can miss a client-side navigation's load event under load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("://[^/]+/incidents$"));
        await Assertions.Expect(list).ToContainTextAsync($"Phishing wave {marker}");
        await Assertions.Expect(list).ToContainTextAsync($"Credential dumping {marker}");
        await Assertions.Expect(page.Locator(".toolbar .tag")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    // QA: the page listed nothing for a parent technique (the API lists its sub-techniques' incidents), and "garbage" read
    // as "0 of 0" instead of saying it is no technique ID.
    [Fact]
    public async Task TechniqueFilter_ParentFindsSubTechniques_GarbageIsSaid()
    {
        await ActivateAsync(server);
        using var admin = await server.AdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var dumping = await CreateAsync(admin, $"LSASS dump {marker}");
        (await AssociateAsync(admin, dumping.Id(), dumping.Version(), Pick(Enterprise, "credential-access", "T1003.001"))).EnsureSuccessStatusCode();

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "incidents?technique=T1003");
        await Assertions.Expect(page.Locator("[data-testid=incident-list]")).ToContainTextAsync($"LSASS dump {marker}");

        await page.GotoAsync("incidents?technique=garbage");
        await Assertions.Expect(page.Locator("[data-testid=incident-technique-problem]")).ToHaveTextAsync("'garbage' is not a technique ID (T1059 or T1059.001)");
        await page.Context.CloseAsync();
    }
}
