using System.Net;
using System.Text.RegularExpressions;

namespace Tessera.Server.Tests.MultiInstance;

/// <summary>Data Protection keys live in the database: what one instance signs, another accepts (sign-in cookie, antiforgery token).</summary>
public sealed partial class SharedKeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task SignIn_FormFromAPostedToB_CookieFromBAcceptedByA()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString);
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler);

        // The antiforgery cookie and form token come from A …
        var form = await client.GetStringAsync(new Uri(a.BaseAddress, "account/login"), Ct);
        var match = AntiforgeryField().Match(form);
        Assert.True(match.Success, "login form has no antiforgery token");
        var token = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        foreach (Cookie cookie in cookies.GetCookies(a.BaseAddress))
        {
            cookies.Add(b.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        // … and B validates them (a 400 here means B could not read A's token) and signs in.
        var login = await client.PostAsync(new Uri(b.BaseAddress, "account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["userName"] = "admin", ["password"] = TesseraInstance.AdminPassword, ["returnUrl"] = "/",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var auth = cookies.GetCookies(b.BaseAddress)["tessera.auth"];
        Assert.NotNull(auth);

        cookies.Add(a.BaseAddress, new Cookie(auth.Name, auth.Value, "/"));
        var me = await client.GetAsync(new Uri(a.BaseAddress, "api/v1/me"), Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("\"admin\"", await me.Content.ReadAsStringAsync(Ct));
        // The ring both used is the database's (the default would be a per-machine folder that only looks shared here).
        await using var context = a.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Tessera.Infrastructure.Storage.TesseraDbContext>>().CreateDbContext();
        Assert.NotEmpty(context.Set<Tessera.Infrastructure.Jobs.DataProtectionKeyEntity>());
    }
}
