using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Sources;

public sealed class SourcesBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Activate_MobileSource_IsActiveInApiAndAudited()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "sources");
        await UiSession.WaitForInteractiveAsync(page);
        var row = page.Locator("[data-testid=sources] tr[data-key='mobile-attack@18.1']");
        await row.Locator("[data-testid=toggle]").ClickAsync();
        await row.Locator("[data-testid=toggle]", new() { HasText = "Deactivate" }).WaitForAsync();
        Assert.Equal("active", await row.Locator("[data-testid=state]").InnerTextAsync());

        using var admin = await server.AdminAsync();
        var sources = await admin.GetFromJsonAsync<JsonElement>("api/v1/sources", TestContext.Current.CancellationToken);
        Assert.Contains(sources.EnumerateArray(), s => s.ToString().Contains("mobile-attack@18.1", StringComparison.Ordinal));
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=source.activate&entityId=mobile-attack@18.1", TestContext.Current.CancellationToken);
        Assert.Equal(1, audit.GetProperty("totalCount").GetInt32());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IndexForm_LocalMirror_LoadsRemembersAndForgets()
    {
        var mirror = Directory.CreateTempSubdirectory("tessera-mirror-ui-").FullName;
        try
        {
            var index = IcsMirror.Create(mirror);
            var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "sources");
            await UiSession.WaitForInteractiveAsync(page);

            await page.FillAsync("[data-testid=index]", index);
            await page.SelectOptionAsync("[data-testid=index-domain]", "ics");
            await page.FillAsync("[data-testid=index-version]", "18.1");
            await page.ClickAsync("[data-testid=index-load]");

            await page.Locator("[data-testid=index-message]", new() { HasText = "Loaded ics-attack@18.1" }).WaitForAsync();
            var row = page.Locator("[data-testid=remembered] tr[data-version='18.1']");
            Assert.Contains(index, await row.InnerTextAsync());
            await row.Locator("[data-testid=forget]").ClickAsync();
            await page.Locator("[data-testid=index-message]", new() { HasText = "Forgot 18.1" }).WaitForAsync();
            Assert.Equal(0, await page.Locator("[data-testid=remembered] tbody tr").CountAsync());

            using var admin = await server.AdminAsync();
            var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=source.import-index", TestContext.Current.CancellationToken);
            Assert.Contains("ics-attack@18.1", audit.GetRawText());
            await page.Context.CloseAsync();
        }
        finally
        {
            Directory.Delete(mirror, recursive: true);
        }
    }
}
