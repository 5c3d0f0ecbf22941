using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Users;

/// <summary>
/// Changing users through the API (PATCH, admin password reset, a user's own password) and what it does to sign-ins
/// already made: a browser cookie is checked against the stored user on every request.
/// </summary>
public sealed class UserAdministrationApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private const string Password = "first-password-123";
    private const string NewPassword = "second-password-456";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a user through the API; returns its id and name.</summary>
    private async Task<(string Id, string Name)> CreateUserAsync(string role, string prefix = "user")
    {
        using var admin = await server.AdminAsync();
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var created = await (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = Password, role }, Ct))
            .ExpectJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, name);
    }

    private async Task<JsonElement> GetUserAsync(string id)
    {
        using var admin = await server.AdminAsync();
        return await (await admin.GetAsync($"api/v1/users/{id}", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonElement> PatchAsync(HttpClient client, string id, object body, HttpStatusCode expected) =>
        await (await client.PatchAsJsonAsync($"api/v1/users/{id}", body, Ct)).ExpectJsonAsync(expected);

    /// <summary>The newest audit entry of <paramref name="action"/> on user <paramref name="id"/>.</summary>
    private async Task<JsonElement> AuditAsync(string action, string id)
    {
        using var admin = await server.AdminAsync();
        var page = await (await admin.GetAsync($"api/v1/audit?action={action}&entityId={id}", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().First().GetProperty("event");
    }

    private static void AssertNoPasswordMaterial(JsonElement evt, params string[] passwords)
    {
        var text = evt.GetRawText();
        foreach (var secret in passwords.Append("pbkdf2").Append("passwordHash").Append("stamp"))
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static long Version(JsonElement user) => user.GetProperty("version").GetInt64();

    [Fact]
    public async Task Patch_AsAdmin_ChangesRoleAndDisplayNameAndAuditsBeforeAndAfter()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();

        var changed = await PatchAsync(admin, id, new { role = "DetectionEngineer", displayName = "Det Eng", version = 1 }, HttpStatusCode.OK);

        Assert.Equal(("DetectionEngineer", "Det Eng", 2L), (changed.GetProperty("role").GetString(), changed.GetProperty("displayName").GetString(), Version(changed)));
        var evt = await AuditAsync("user.update", id);
        Assert.Equal("apikey:test-admin", evt.GetProperty("actor").GetProperty("name").GetString());
        using var before = JsonDocument.Parse(evt.GetProperty("beforeJson").GetString()!);
        using var after = JsonDocument.Parse(evt.GetProperty("afterJson").GetString()!);
        Assert.Equal(("Analyst", "DetectionEngineer"), (before.RootElement.GetProperty("role").GetString(), after.RootElement.GetProperty("role").GetString()));
        AssertNoPasswordMaterial(evt, Password);
    }

    // QA: a missing role made a Viewer (or a Viewer key) silently, "u9\n" was a user name, and display names took NUL.
    [Theory]
    [InlineData("api/v1/users", """{"userName": "no-role-user", "password": "a-long-password-123"}""", "role")]
    [InlineData("api/v1/api-keys", """{"name": "no-role-key"}""", "role")]
    [InlineData("api/v1/users", """{"userName": "u9\n", "password": "a-long-password-123", "role": "Analyst"}""", "userName")]
    [InlineData("api/v1/users", """{"userName": "ctl-name", "password": "a-long-password-123", "role": "Analyst", "displayName": "a\u0000b"}""", "displayName")]
    [InlineData("api/v1/users", """{"userName": "short-pw", "password": "short", "role": "Analyst"}""", "password")]
    [InlineData("api/v1/api-keys", """{"name": "no-role-key\r\nx", "role": "Viewer"}""", "name")]
    public async Task Create_MissingRoleOrOddText_Returns400NamingTheFieldAndCreatesNothing(string path, string json, string field)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct))
            .ExpectJsonAsync(HttpStatusCode.BadRequest);

        // The detail says why; the errors map names the field, as for every other refused body.
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        if (field == "role")
        {
            Assert.StartsWith("role is required: one of Viewer, Analyst", problem.GetProperty("detail").GetString());
        }

        var listed = await admin.GetStringAsync(path, Ct);
        Assert.DoesNotContain("no-role-", listed);
        Assert.DoesNotContain("ctl-name", listed);
        Assert.DoesNotContain("u9\\n", listed);
        Assert.DoesNotContain("short-pw", listed);
    }

    [Fact]
    public async Task Patch_DisplayNameWithControlCharacters_Returns400NamingDisplayName()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();

        var problem = await PatchAsync(admin, id, new { displayName = "line\nbreak", version = 1 }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
    }

    [Fact]
    public async Task Patch_StaleVersion_Returns409WithTheCurrentUserAndChangesNothing()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();
        await PatchAsync(admin, id, new { role = "Viewer", version = 1 }, HttpStatusCode.OK);

        var conflict = await PatchAsync(admin, id, new { disabled = true, version = 1 }, HttpStatusCode.Conflict);

        Assert.Equal(("Viewer", 2L), (conflict.GetProperty("current").GetProperty("role").GetString(), Version(conflict.GetProperty("current"))));
        Assert.False((await GetUserAsync(id)).GetProperty("disabled").GetBoolean());
    }

    [Fact]
    public async Task Patch_WithoutVersion_Returns400NamingVersion()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();

        var problem = await PatchAsync(admin, id, new { disabled = true }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("version", out _));
    }

    [Fact]
    public async Task Patch_DisplayNameTooLong_Returns400NamingDisplayName()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();

        var problem = await PatchAsync(admin, id, new { displayName = new string('x', 201), version = 1 }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _), problem.GetRawText());
    }

    [Fact]
    public async Task Patch_LastEnabledAdmin_Returns400NamingRoleOrDisabled()
    {
        // Other tests create admins; step them aside so "admin" is the last enabled one.
        using var admin = await server.AdminAsync();
        var users = await (await admin.GetAsync("api/v1/users", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var other in users.EnumerateArray().Where(u => u.GetProperty("role").GetString() == "Admin"
                     && !u.GetProperty("disabled").GetBoolean() && u.GetProperty("userName").GetString() != "admin"))
        {
            await PatchAsync(admin, other.GetProperty("id").GetString()!, new { disabled = true, version = Version(other) }, HttpStatusCode.OK);
        }

        var root = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "admin");
        var rootId = root.GetProperty("id").GetString()!;
        var version = Version(await GetUserAsync(rootId));

        var demote = await PatchAsync(admin, rootId, new { role = "Analyst", version }, HttpStatusCode.BadRequest);
        var disable = await PatchAsync(admin, rootId, new { disabled = true, version }, HttpStatusCode.BadRequest);

        Assert.Contains("last enabled Admin", demote.GetProperty("detail").GetString());
        Assert.True(demote.GetProperty("errors").TryGetProperty("role", out _));
        Assert.True(disable.GetProperty("errors").TryGetProperty("disabled", out _));
        Assert.Equal(("Admin", false), ((await GetUserAsync(rootId)).GetProperty("role").GetString(), (await GetUserAsync(rootId)).GetProperty("disabled").GetBoolean()));
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Analyst")]
    [InlineData("DetectionEngineer")]
    public async Task PatchAndReset_WithoutManageUsers_Return403AndChangeNothing(string role)
    {
        var (id, _) = await CreateUserAsync("Viewer");
        using var client = await server.ClientWithRoleAsync(role);

        var patch = await client.PatchAsJsonAsync($"api/v1/users/{id}", new { role = "Admin", version = 1 }, Ct);
        var reset = await client.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = NewPassword }, Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (patch.StatusCode, reset.StatusCode));
        Assert.Equal(1L, Version(await GetUserAsync(id)));
    }

    [Fact]
    public async Task ResetPassword_AsAdmin_NewPasswordSignsInAndTheUsersOpenCookieIsRefused()
    {
        var (id, name) = await CreateUserAsync("Analyst");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        using var admin = await server.AdminAsync();

        var reset = await (await admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = NewPassword }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2L, Version(reset));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
        var (old, oldLogin) = await CookieSession.TrySignInAsync(server.BaseAddress, name, Password);
        Assert.Contains("failed=1", oldLogin.Headers.Location?.OriginalString);
        old.Dispose();
        using var fresh = await CookieSession.SignInAsync(server.BaseAddress, name, NewPassword);
        var evt = await AuditAsync("user.password.reset", id);
        AssertNoPasswordMaterial(evt, Password, NewPassword);
    }

    [Fact]
    public async Task ResetPassword_TooShort_Returns400NamingPassword()
    {
        var (id, _) = await CreateUserAsync("Analyst");
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = "short" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("password must be 12-1024 characters.", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task ResetPassword_UnknownUser_Returns404()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsJsonAsync($"api/v1/users/{Guid.NewGuid()}/password", new { password = NewPassword }, Ct);

        await response.ExpectJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangeOwnPassword_SignedInUser_StaysSignedInAndSignsInWithTheNewOne()
    {
        var (id, name) = await CreateUserAsync("Viewer");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        var cookie = session.AuthCookieValue;

        var response = await session.Client.PostAsJsonAsync("api/v1/me/password", new { currentPassword = Password, newPassword = NewPassword }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotEqual(cookie, session.AuthCookieValue);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
        using var fresh = await CookieSession.SignInAsync(server.BaseAddress, name, NewPassword);
        var evt = await AuditAsync("user.password.change", id);
        Assert.Equal(name, evt.GetProperty("actor").GetProperty("name").GetString());
        AssertNoPasswordMaterial(evt, Password, NewPassword);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrentPassword_Returns400AuditedAsFailedAndChangesNothing()
    {
        var (id, name) = await CreateUserAsync("Analyst");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);

        var problem = await (await session.Client.PostAsJsonAsync("api/v1/me/password",
            new { currentPassword = "a-wrong-guess-123", newPassword = NewPassword }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(1L, Version(await GetUserAsync(id)));
        var failed = await AuditAsync("user.password.change-failed", id);
        AssertNoPasswordMaterial(failed, "a-wrong-guess-123", NewPassword);
        using var admin = await server.AdminAsync();
        var changes = await (await admin.GetAsync($"api/v1/audit?action=user.password.change&entityId={id}", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, changes.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangeOwnPassword_WeakNewPassword_Returns400NamingNewPassword()
    {
        var (_, name) = await CreateUserAsync("Analyst");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);

        var problem = await (await session.Client.PostAsJsonAsync("api/v1/me/password",
            new { currentPassword = Password, newPassword = "short" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task ChangeOwnPassword_WithApiKey_Returns400SayingKeysHaveNoPassword()
    {
        using var client = await server.ClientWithRoleAsync("Admin");

        var problem = await (await client.PostAsJsonAsync("api/v1/me/password",
            new { currentPassword = Password, newPassword = NewPassword }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("API keys have no password", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DisabledUser_ExistingCookie_IsRefusedOnTheNextRequest()
    {
        var (id, name) = await CreateUserAsync("Analyst");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
        using var admin = await server.AdminAsync();

        await PatchAsync(admin, id, new { disabled = true, version = 1 }, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
        // The refused cookie is deleted, and a page sends the browser to the sign-in form.
        Assert.Null(session.AuthCookieValue);
        var page = await session.Client.GetAsync("incidents", Ct);
        Assert.Contains("/account/login", page.Headers.Location?.OriginalString ?? await page.Content.ReadAsStringAsync(Ct));
    }

    // Disabling refused the cookie only while the user stayed disabled: enabling them again brought back every cookie
    // they had, a stolen laptop's included. Disabling now ends those sign-ins for good.
    [Fact]
    public async Task DisabledThenEnabledUser_CookieFromBeforeStaysRefused_ANewSignInWorks()
    {
        var (id, name) = await CreateUserAsync("Analyst");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        var oldCookie = session.AuthCookieValue!;
        using var admin = await server.AdminAsync();
        await PatchAsync(admin, id, new { disabled = true, version = 1 }, HttpStatusCode.OK);
        await PatchAsync(admin, id, new { disabled = false, version = 2 }, HttpStatusCode.OK);

        session.Cookies.Add(server.BaseAddress, new Cookie(CookieSession.AuthCookie, oldCookie));
        var replayed = await session.Client.GetAsync("api/v1/me", Ct);
        using var fresh = await CookieSession.SignInAsync(server.BaseAddress, name, Password);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Client.GetAsync("api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task DemotedAdmin_ExistingCookie_LosesManageUsersOnTheNextRequest()
    {
        var (id, name) = await CreateUserAsync("Admin", "second-admin");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/users", Ct)).StatusCode);
        using var admin = await server.AdminAsync();

        await PatchAsync(admin, id, new { role = "Viewer", version = 1 }, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync("api/v1/users", Ct)).StatusCode);
        var me = await (await session.Client.GetAsync("api/v1/me", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Viewer", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task SignedInAdmin_ResetsOwnPassword_StaysSignedIn()
    {
        var (id, name) = await CreateUserAsync("Admin", "self-reset");
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);

        await (await session.Client.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = NewPassword }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
    }
}
