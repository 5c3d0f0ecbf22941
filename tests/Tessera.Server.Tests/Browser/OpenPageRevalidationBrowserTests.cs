using System.Net.Http.Json;
using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser;

/// <summary>A server whose open pages read their user again every second, so a test sees the check without waiting a minute.</summary>
public sealed class FastRevalidationServerFixture : TesseraServerFixture
{
    protected override TimeSpan CircuitRevalidation => TimeSpan.FromSeconds(1);
}

/// <summary>
/// What an open page does when its user changes under it: the page reloads and the browser's cookie decides. Changing
/// your own password in one tab used to send your other tabs of the same browser to the sign-in form within a minute,
/// though the browser already held the new, valid cookie.
/// </summary>
public sealed class OpenPageRevalidationBrowserTests(FastRevalidationServerFixture server, BrowserFixture browser)
    : IClassFixture<FastRevalidationServerFixture>, IClassFixture<BrowserFixture>
{
    private const string Password = "reval-old-password-1";
    private const string NewPassword = "reval-new-password-2";

    // A page's own JavaScript state survives until the page is loaded again: the marker going away is the reload.
    private static async Task MarkAsync(IPage page) => await page.EvaluateAsync("() => { window.__beforeReload = true; }");

    private static Task WaitForReloadAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.__beforeReload === undefined", null, new() { Timeout = 60_000 });

    [Fact]
    public async Task OwnPasswordChangedInAnotherTab_OpenPageReloadsSignedIn_ThenDisablingSendsItToSignIn()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"reval-{Guid.NewGuid():N}"[..16];
        using var admin = await server.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = Password, role = "Analyst" }, ct))
            .ExpectJsonAsync(System.Net.HttpStatusCode.Created);
        var incidents = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, name, Password, "incidents");
        await MarkAsync(incidents);

        var account = await incidents.Context.NewPageAsync();
        await account.GotoAsync("account/password");
        await account.Locator("#currentPassword").FillAsync(Password);
        await account.Locator("#newPassword").FillAsync(NewPassword);
        await account.Locator("#confirmPassword").FillAsync(NewPassword);
        await account.Locator("#change-password").ClickAsync();
        await account.Locator("[data-testid=password-changed]").WaitForAsync();

        await WaitForReloadAsync(incidents);
        await UiSession.WaitForLoadedAsync(incidents);
        Assert.Equal("/incidents", new Uri(incidents.Url).AbsolutePath);
        Assert.Equal(name, await incidents.Locator("[data-testid=current-user]").InnerTextAsync());

        // Disabled, the same page reloads too, and the refused cookie lands it on the sign-in form.
        await MarkAsync(incidents);
        (await admin.PatchAsJsonAsync($"api/v1/users/{created.GetProperty("id").GetString()}", new { disabled = true, version = 2 }, ct))
            .EnsureSuccessStatusCode();
        await WaitForReloadAsync(incidents);
        await incidents.Locator("#sign-in").WaitForAsync();
        Assert.Contains("/account/login", incidents.Url);
        await incidents.Context.CloseAsync();
    }
}
