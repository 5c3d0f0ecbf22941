using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser;

public sealed class SignInBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysSignedOut()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/login");
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");
        await page.Locator("[data-testid=login-error]").WaitForAsync();
        Assert.Contains("/account/login", page.Url);
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignInPage_Loads_EveryResourceFoundIncludingTheIcon()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("account/login");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var iconResponse = await page.APIRequest.GetAsync(icon!);

        Assert.Equal((200, "image/svg+xml"), (iconResponse.Status, iconResponse.Headers["content-type"]));
        Assert.Empty(failed);
        await context.CloseAsync();
    }

    [Fact]
    public async Task ProtectedPage_WhenSignedOut_RedirectsToSignIn()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("");
        Assert.Contains("/account/login", page.Url);
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_AsAdmin_ShowsOverviewWithLoadedCollections()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword);
        await UiSession.WaitForInteractiveAsync(page);
        Assert.Equal("admin", await page.Locator("[data-testid=current-user]").InnerTextAsync());
        var collections = await page.Locator("[data-testid=collections] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Contains("enterprise-attack@18.1", collections);
        Assert.Contains("ics-attack@18.1", collections);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task About_ShowsMitreLicenceText()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("about");
        var licence = await page.Locator("[data-testid=attack-license]").InnerTextAsync();
        Assert.Contains("The MITRE Corporation", licence);
        await context.CloseAsync();
    }
}
