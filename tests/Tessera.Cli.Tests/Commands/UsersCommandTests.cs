using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

/// <summary>
/// <c>tessera users list</c> and <c>tessera users set-password</c>, for an operator who lost the admin password: on a
/// database set up as <c>tessera serve</c>'s first start sets it up (the bootstrap admin with a generated password).
/// </summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string NewPassword = "operator-chosen-password-1";
    private readonly TempFolder _temp = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => _temp.Combine("tessera.db");

    public void Dispose() => _temp.Dispose();

    private ServiceProvider Open() => new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(Db)).BuildServiceProvider();

    /// <summary>The first start of a server: migrate and create <c>admin</c> with a generated password, returned here.</summary>
    private async Task<string> FirstStartAsync()
    {
        await using var services = Open();
        var admin = await services.InitializeTesseraStorageAsync(Ct);
        await services.GetRequiredService<UserAccountService>().CreateAsync(
            new NewUser { UserName = "alice", Password = "alice-password-123", Role = Role.Analyst, DisplayName = "Alice A." }, Ct);
        return admin!.Password;
    }

    /// <summary>What the sign-in form checks (<c>POST /account/login</c> calls exactly this).</summary>
    private async Task<bool> SignsInAsync(string userName, string password)
    {
        await using var services = Open();
        return await services.GetRequiredService<UserAccountService>().VerifyPasswordAsync(userName, password, Ct) is not null;
    }

    [Fact]
    public async Task SetPassword_FromStandardInput_NewPasswordSignsInOldNoLongerAndAuditedAsCli()
    {
        var generated = await FirstStartAsync();

        var run = await RunWithInputAsync(NewPassword + "\n", "users", "set-password", "--user", "ADMIN", "--db", Db);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal("Password of 'admin' set; their existing sign-ins end.", run.Out.Trim());
        Assert.True(await SignsInAsync("admin", NewPassword));
        Assert.False(await SignsInAsync("admin", generated));
        var audit = await RunAsync("audit", "list", "--action", "user.password.reset", "--db", Db, "--json");
        using var doc = JsonDocument.Parse(audit.Out);
        var entry = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(("system", "cli"), (entry.GetProperty("actor").GetProperty("kind").GetString(), entry.GetProperty("actor").GetProperty("id").GetString()));
        Assert.Equal(("admin", 2), (entry.GetProperty("after").GetProperty("userName").GetString(), entry.GetProperty("after").GetProperty("version").GetInt32()));
        foreach (var secret in new[] { NewPassword, generated, "pbkdf2", "passwordHash" })
        {
            Assert.DoesNotContain(secret, audit.Out, StringComparison.OrdinalIgnoreCase);
        }
    }

    // --json was a usage error (exit 1), so a pipeline adding it to every verb could not reset a password.
    [Fact]
    public async Task SetPassword_Json_ResultObjectWithoutThePassword()
    {
        await FirstStartAsync();

        var run = await RunWithInputAsync(NewPassword + "\n", "users", "set-password", "--user", "alice", "--db", Db, "--json");

        Assert.True(run.Exit == 0, run.Error);
        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.True(result.GetProperty("passwordSet").GetBoolean());
        Assert.True(result.GetProperty("signInsEnded").GetBoolean());
        Assert.Equal(("alice", "analyst"), (result.GetProperty("user").GetProperty("userName").GetString(), result.GetProperty("user").GetProperty("role").GetString()));
        Assert.DoesNotContain(NewPassword, run.Out);
        Assert.True(await SignsInAsync("alice", NewPassword));
    }

    [Fact]
    public async Task SetPassword_TooShort_ExitsOneNamingTheRuleAndKeepsTheOldPassword()
    {
        var generated = await FirstStartAsync();

        var run = await RunWithInputAsync("short\n", "users", "set-password", "--user", "admin", "--db", Db);

        Assert.Equal((1, "tessera: password must be 12-1024 characters."), (run.Exit, run.Error.Trim()));
        Assert.True(await SignsInAsync("admin", generated));
    }

    [Fact]
    public async Task SetPassword_NothingOnStandardInput_ExitsOneAndChangesNothing()
    {
        var generated = await FirstStartAsync();

        var run = await RunWithInputAsync("", "users", "set-password", "--user", "admin", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("tessera: no password on standard input", run.Error);
        Assert.True(await SignsInAsync("admin", generated));
    }

    [Fact]
    public async Task SetPassword_UnknownUser_ExitsOneNamingIt()
    {
        await FirstStartAsync();

        var run = await RunWithInputAsync(NewPassword + "\n", "users", "set-password", "--user", "mallory", "--db", Db);

        Assert.Equal((1, "tessera: --user: no user 'mallory' (tessera users list shows them)"), (run.Exit, run.Error.Trim()));
    }

    [Fact]
    public async Task List_ShowsEachUserWithRoleAndStateAndTheJsonWithoutPasswordHashes()
    {
        await FirstStartAsync();

        var text = await RunAsync("users", "list", "--db", Db);
        var json = await RunAsync("users", "list", "--db", Db, "--json");

        Assert.True(text.Exit == 0, text.Error);
        Assert.Equal(["admin\tAdmin\tactive\tAdministrator", "alice\tAnalyst\tactive\tAlice A.", "2 users"], text.Lines);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(["admin", "alice"], doc.RootElement.EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
        Assert.DoesNotContain("pbkdf2", json.Out, StringComparison.Ordinal);
    }
}
