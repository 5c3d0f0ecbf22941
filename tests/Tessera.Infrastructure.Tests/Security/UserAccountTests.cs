using Tessera.Core.Audit;
using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

public sealed class UserAccountTests
{
    private const string Password = "correct horse battery staple";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NewUser Alice(Role role = Role.Analyst) =>
        new() { UserName = "alice", Password = Password, Role = role, DisplayName = "Alice" };

    [Theory, AllProviders]
    public async Task VerifyPassword_RightPassword_ReturnsStoredUser(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var created = await accounts.CreateAsync(Alice(), Ct);

        var user = await accounts.VerifyPasswordAsync("ALICE", Password, Ct);

        Assert.Equal(SaveStatus.Saved, created.Status);
        Assert.NotNull(user);
        Assert.Equal((created.Value!.Id, "alice", Role.Analyst, 1L), (user.Id, user.UserName, user.Role, user.Version));
        Assert.Equal(test.Time.GetUtcNow(), user.CreatedAt);
        Assert.StartsWith("pbkdf2-sha256$600000$", user.PasswordHash, StringComparison.Ordinal);
    }

    [Theory, AllProviders]
    public async Task VerifyPassword_WrongPasswordOrUnknownUser_ReturnsNull(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        await accounts.CreateAsync(Alice(), Ct);

        Assert.Null(await accounts.VerifyPasswordAsync("alice", Password + "!", Ct));
        Assert.Null(await accounts.VerifyPasswordAsync("bob", Password, Ct));
    }

    [Theory, AllProviders]
    public async Task VerifyPassword_DisabledUser_ReturnsNull(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var user = (await accounts.CreateAsync(Alice(), Ct)).Value!;
        await test.Get<IUserStore>().UpdateAsync(user with { Disabled = true }, Ct);

        Assert.Null(await accounts.VerifyPasswordAsync("alice", Password, Ct));
    }

    [Theory, AllProviders]
    public async Task CreateUser_NameTakenIgnoringCase_ReturnsDuplicate(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        await accounts.CreateAsync(Alice(), Ct);

        var second = await accounts.CreateAsync(Alice() with { UserName = "Alice" }, Ct);

        Assert.Equal(SaveStatus.Duplicate, second.Status);
        Assert.Single(await test.Get<IUserStore>().ListAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task CreateUser_ShortPasswordOrBadName_ReturnsInvalidAndStoresNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();

        var weak = await accounts.CreateAsync(Alice() with { Password = "short" }, Ct);
        var badName = await accounts.CreateAsync(Alice() with { UserName = "al ice" }, Ct);

        Assert.Equal((SaveStatus.Invalid, SaveStatus.Invalid), (weak.Status, badName.Status));
        Assert.False(await test.Get<IUserStore>().AnyAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task UpdateUser_SecondWriterWithStaleVersion_GetsConflict(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IUserStore>();
        var created = (await test.Get<UserAccountService>().CreateAsync(Alice(), Ct)).Value!;
        var firstRead = (await store.FindByIdAsync(created.Id, Ct))!;
        var secondRead = (await store.FindByIdAsync(created.Id, Ct))!;

        var first = await store.UpdateAsync(firstRead with { Role = Role.DetectionEngineer }, Ct);
        var second = await store.UpdateAsync(secondRead with { Role = Role.Viewer }, Ct);

        Assert.Equal(SaveStatus.Saved, first.Status);
        Assert.Equal(2L, first.Value!.Version);
        Assert.Equal(SaveStatus.Conflict, second.Status);
        var stored = (await store.FindByIdAsync(created.Id, Ct))!;
        Assert.Equal((Role.DetectionEngineer, 2L), (stored.Role, stored.Version));
    }

    [Theory, AllProviders]
    public async Task UpdateUser_UnknownId_ReturnsNotFound(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ghost = new User
        {
            Id = Guid.NewGuid(), UserName = "ghost", Role = Role.Viewer, PasswordHash = "x", CreatedAt = test.Time.GetUtcNow(),
        };

        Assert.Equal(SaveStatus.NotFound, (await test.Get<IUserStore>().UpdateAsync(ghost, Ct)).Status);
    }

    [Theory, AllProviders]
    public async Task VerifyPassword_HashWithFewerIterations_UpgradesStoredHash(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var weakAccounts = new UserAccountService(test.Get<IUserStore>(), new PasswordHasher(PasswordHasher.MinimumIterations), test.Time);
        await weakAccounts.CreateAsync(Alice(), Ct);

        var user = await test.Get<UserAccountService>().VerifyPasswordAsync("alice", Password, Ct);

        Assert.NotNull(user);
        var stored = (await test.Get<IUserStore>().FindByNameAsync("alice", Ct))!;
        Assert.StartsWith($"pbkdf2-sha256${PasswordHasher.DefaultIterations}$", stored.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(2L, stored.Version);
    }

    [Theory, AllProviders]
    public async Task EnsureBootstrapAdmin_NoUsers_CreatesAdminOnceWithWorkingPassword(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();

        var first = await test.Services.InitializeTesseraStorageAsync(Ct);
        var second = await accounts.EnsureBootstrapAdminAsync(Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("admin", first.UserName);
        Assert.True(first.Password.Length >= 24);
        var admin = await accounts.VerifyPasswordAsync("admin", first.Password, Ct);
        Assert.Equal(Role.Admin, admin?.Role);
        Assert.Single(await test.Get<IUserStore>().ListAsync(Ct));
        var audit = await test.Get<IAuditLog>().QueryAsync(new AuditQuery { Action = "user.bootstrap" }, Ct);
        Assert.Equal(("admin", AuditActorKind.System), (audit.Items.Single().Event.EntityId, audit.Items.Single().Event.Actor.Kind));
    }

    [Theory, AllProviders]
    public async Task EnsureBootstrapAdmin_UsersExist_CreatesNothing(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        await accounts.CreateAsync(Alice(Role.Admin), Ct);

        Assert.Null(await accounts.EnsureBootstrapAdminAsync(Ct));
        Assert.Null(await test.Get<IUserStore>().FindByNameAsync("admin", Ct));
    }
}
