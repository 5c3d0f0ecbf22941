using System.Net.Http.Json;
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
    public async Task ChangePassword_OnThePage_StaysSignedInAndNextSignInTakesTheNewPassword()
    {
        const string oldPassword = "browser-old-password-1";
        const string newPassword = "browser-new-password-2";
        var name = $"pw-{Guid.NewGuid():N}"[..16];
        using (var admin = await server.AdminAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = oldPassword, role = "Viewer" },
                TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, name, oldPassword);
        await page.Locator("[data-testid=change-password-link]").ClickAsync();
        await page.Locator("#currentPassword").FillAsync(oldPassword);
        await page.Locator("#newPassword").FillAsync(newPassword);
        await page.Locator("#confirmPassword").FillAsync(newPassword);
        await page.Locator("#change-password").ClickAsync();

        await page.Locator("[data-testid=password-changed]").WaitForAsync();
        Assert.Equal(name, await page.Locator("[data-testid=current-user]").InnerTextAsync());
        await page.Context.CloseAsync();
        var again = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, name, newPassword);
        Assert.Equal(name, await again.Locator("[data-testid=current-user]").InnerTextAsync());
        await again.Context.CloseAsync();
        var (old, login) = await CookieSession.TrySignInAsync(server.BaseAddress, name, oldPassword);
        using (old)
        {
            Assert.Contains("failed=1", login.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_SaysSoAndKeepsThePassword()
    {
        const string password = "browser-keep-password-1";
        var name = $"pw-{Guid.NewGuid():N}"[..16];
        using (var admin = await server.AdminAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password, role = "Analyst" },
                TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, name, password, "account/password");
        await page.Locator("#currentPassword").FillAsync("not-my-password-123");
        await page.Locator("#newPassword").FillAsync("browser-other-password-2");
        await page.Locator("#confirmPassword").FillAsync("browser-other-password-2");
        await page.Locator("#change-password").ClickAsync();

        var error = await page.Locator("[data-testid=password-error]").InnerTextAsync();
        Assert.Contains("current password is wrong", error);
        await page.Context.CloseAsync();
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, password);
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
