using System.Net.Http.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Admin;

public sealed class AdminBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ApiKeysPage_CreateKey_ShowsTokenOnceAndListsIt()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "admin/api-keys");
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=key-name]").FillAsync("soar-ui-test");
        await page.Locator("[data-testid=create-key]").ClickAsync();
        var token = await page.Locator("[data-testid=new-token]").InnerTextAsync();
        Assert.StartsWith("tsk_", token);
        await page.Locator("[data-testid=keys] td", new() { HasText = "soar-ui-test" }).WaitForAsync();

        using var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", token);
        Assert.True((await client.GetAsync("api/v1/me", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UsersPage_AsViewer_IsDeniedAndHiddenFromNavigation()
    {
        using var admin = await server.AdminAsync();
        var name = "viewer-" + Guid.NewGuid().ToString("N")[..6];
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = "viewer-password-123", role = "Viewer" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, name, "viewer-password-123", "admin/users");
        await page.Locator("main [role=alert]", new() { HasText = "does not allow" }).WaitForAsync();
        Assert.Contains("/account/denied", page.Url);
        Assert.Equal(0, await page.Locator("nav a[href='admin/users']").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=create-user]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_ShowsLoginOfAdmin()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "audit");
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=audit-action]").FillAsync("account.login");
        await page.Locator("[data-testid=audit-filter]").ClickAsync();
        await page.Locator("[data-testid=audit-entries] td", new() { HasText = "account.login" }).First.WaitForAsync();
        Assert.Contains("admin", await page.Locator("[data-testid=audit-entries] tbody").InnerTextAsync());
        await page.Context.CloseAsync();
    }
}
