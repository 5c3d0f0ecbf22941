using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared.Webhooks;

namespace Tessera.Server.Tests.Browser.Webhooks;

public sealed class WebhookBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task WebhooksPage_CreateAndTest_ShowsSecretOnceAndDeliveredPingInLog()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "admin/webhooks");
        await UiSession.WaitForInteractiveAsync(page);
        var name = "ui-hook-" + Guid.NewGuid().ToString("N")[..6];
        // The receiver learns the secret from the page, as an admin would copy it into the SOAR tool.
        await using var receiver = new LoopbackWebhookReceiver("unused-until-known", () => DateTimeOffset.UtcNow);
        await page.Locator("[data-testid=webhook-name]").FillAsync(name);
        await page.Locator("[data-testid=webhook-url]").FillAsync(receiver.Url.ToString());
        await page.Locator("[data-testid=webhook-create]").ClickAsync();
        var secret = await page.Locator("[data-testid=webhook-secret]").InnerTextAsync();
        receiver.Secret = secret;
        var row = page.Locator("[data-testid=webhooks] tr", new() { HasText = name });
        await row.Locator("[data-testid=webhook-test]").ClickAsync();

        await page.Locator("[data-testid=webhook-test-result]", new() { HasText = "Delivered (HTTP 200)" }).WaitForAsync();
        await page.Locator("[data-testid=webhook-deliveries] td", new() { HasText = "test.ping" }).WaitForAsync();
        Assert.StartsWith("whsec_", secret);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(Tessera.Core.Webhooks.WebhookVerification.Valid, request.Verification);
        Assert.Equal("test.ping", request.EventType);

        await row.Locator("[data-testid=webhook-toggle]").ClickAsync();
        await row.Locator("[data-testid=webhook-state]", new() { HasText = "disabled" }).WaitForAsync();
        Assert.Equal("Enable", await row.Locator("[data-testid=webhook-toggle]").InnerTextAsync());
        await page.Context.CloseAsync();
    }
}
