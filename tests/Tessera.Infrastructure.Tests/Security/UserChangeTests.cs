using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

/// <summary>
/// Changing users after creation (own password, admin reset, role, disabled, display name) through
/// <see cref="UserAccountService"/> on real storage, and the rule that keeps one enabled Admin.
/// </summary>
public sealed class UserChangeTests
{
    private const string Password = "correct horse battery staple";
    private const string NewPassword = "a brand new passphrase";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<User> CreateAsync(TestDatabase test, string name, Role role) =>
        (await test.Get<UserAccountService>().CreateAsync(new NewUser { UserName = name, Password = Password, Role = role }, Ct)).Value!;

    [Theory]
    [InlineData(null, "password is required.")]
    [InlineData("", "password is required.")]
    [InlineData("eleven-char", "password must be 12-1024 characters.")]
    [InlineData("twelve-chars", null)]
    public void PasswordRules_Check_NamesTheFieldOrAcceptsTwelveCharacters(string? password, string? expected) =>
        Assert.Equal(expected, PasswordRules.Check(password));

    [Fact]
    public void PasswordRules_Check_OverTheHashersLimit_IsRefused() =>
        Assert.Equal("newPassword must be 12-1024 characters.", PasswordRules.Check(new string('x', 1025), "newPassword"));

    [Theory, AllProviders]
    public async Task ChangeOwnPassword_RightCurrentPassword_NewOneSignsInAndOldOneNoLonger(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var change = await accounts.ChangeOwnPasswordAsync(alice.Id, Password, NewPassword, Ct);

        Assert.True(change.IsSaved, change.Message);
        Assert.Equal((1L, 2L), (change.Before!.Version, change.After!.Version));
        Assert.NotNull(await accounts.VerifyPasswordAsync("alice", NewPassword, Ct));
        Assert.Null(await accounts.VerifyPasswordAsync("alice", Password, Ct));
    }

    [Theory, AllProviders]
    public async Task ChangeOwnPassword_WrongCurrentPassword_RefusedNamingItAndNothingStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var change = await accounts.ChangeOwnPasswordAsync(alice.Id, "not my password at all", NewPassword, Ct);

        Assert.Equal((SaveStatus.Invalid, "currentPassword", true), (change.Status, change.Field, change.WrongCurrentPassword));
        Assert.Equal(1L, (await test.Get<IUserStore>().FindByIdAsync(alice.Id, Ct))!.Version);
        Assert.NotNull(await accounts.VerifyPasswordAsync("alice", Password, Ct));
    }

    [Theory, AllProviders]
    public async Task ChangeOwnPassword_NewPasswordTooShortOrUnchanged_RefusedNamingNewPassword(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var weak = await accounts.ChangeOwnPasswordAsync(alice.Id, Password, "short", Ct);
        var same = await accounts.ChangeOwnPasswordAsync(alice.Id, Password, Password, Ct);
        var missing = await accounts.ChangeOwnPasswordAsync(alice.Id, null, NewPassword, Ct);

        Assert.Equal((SaveStatus.Invalid, "newPassword", false), (weak.Status, weak.Field, weak.WrongCurrentPassword));
        Assert.Equal("newPassword must be 12-1024 characters.", weak.Message);
        Assert.Equal((SaveStatus.Invalid, "newPassword"), (same.Status, same.Field));
        Assert.Equal((SaveStatus.Invalid, "currentPassword", false), (missing.Status, missing.Field, missing.WrongCurrentPassword));
        Assert.Equal(1L, (await test.Get<IUserStore>().FindByIdAsync(alice.Id, Ct))!.Version);
    }

    [Theory, AllProviders]
    public async Task ChangeOwnPassword_DisabledUser_IsNotFound(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var alice = await CreateAsync(test, "alice", Role.Analyst);
        await test.Get<UserAccountService>().UpdateAsync(alice.Id, new UserEdit { Disabled = true }, alice.Version, Ct);

        var change = await test.Get<UserAccountService>().ChangeOwnPasswordAsync(alice.Id, Password, NewPassword, Ct);

        Assert.Equal(SaveStatus.NotFound, change.Status);
    }

    [Theory, AllProviders]
    public async Task ResetPassword_ByAdmin_SetsPasswordMeetingTheCreationRules(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var weak = await accounts.ResetPasswordAsync(alice.Id, "short", Ct);
        var reset = await accounts.ResetPasswordAsync(alice.Id, NewPassword, Ct);
        var unknown = await accounts.ResetPasswordAsync(Guid.NewGuid(), NewPassword, Ct);

        Assert.Equal((SaveStatus.Invalid, "password"), (weak.Status, weak.Field));
        Assert.True(reset.IsSaved, reset.Message);
        Assert.NotNull(await accounts.VerifyPasswordAsync("alice", NewPassword, Ct));
        Assert.Equal(SaveStatus.NotFound, unknown.Status);
    }

    [Theory, AllProviders]
    public async Task ResetPassword_AfterAConcurrentRoleChange_ReadsAgainAndKeepsTheRole(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);
        await accounts.UpdateAsync(alice.Id, new UserEdit { Role = Role.Viewer }, alice.Version, Ct);

        var reset = await accounts.ResetPasswordAsync(alice.Id, NewPassword, Ct);

        Assert.True(reset.IsSaved, reset.Message);
        Assert.Equal((Role.Viewer, 3L), (reset.After!.Role, reset.After.Version));
    }

    [Theory, AllProviders]
    public async Task Update_RoleDisabledAndDisplayName_SavedWithNewVersion(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var change = await accounts.UpdateAsync(alice.Id, new UserEdit { Role = Role.DetectionEngineer, Disabled = true, DisplayName = "  Alice A.  " }, 1, Ct);
        var cleared = await accounts.UpdateAsync(alice.Id, new UserEdit { DisplayName = " " }, 2, Ct);

        Assert.True(change.IsSaved, change.Message);
        Assert.Equal((Role.DetectionEngineer, true, "Alice A.", 2L), (change.After!.Role, change.After.Disabled, change.After.DisplayName, change.After.Version));
        Assert.Null(cleared.After!.DisplayName);
        Assert.Null(await accounts.VerifyPasswordAsync("alice", Password, Ct));
    }

    // Cookies carry a stamp of the password hash and this value: re-enabling a user used to bring their old cookies back.
    [Theory, AllProviders]
    public async Task Update_Disabling_DrawsANewSignInStampThatEnablingKeeps(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var renamed = (await accounts.UpdateAsync(alice.Id, new UserEdit { DisplayName = "Alice" }, 1, Ct)).After!;
        var disabled = (await accounts.UpdateAsync(alice.Id, new UserEdit { Disabled = true }, 2, Ct)).After!;
        var enabled = (await accounts.UpdateAsync(alice.Id, new UserEdit { Disabled = false }, 3, Ct)).After!;
        var stored = await test.Get<IUserStore>().FindByIdAsync(alice.Id, Ct);

        Assert.Equal("", alice.SignInStamp);
        Assert.Equal("", renamed.SignInStamp);
        Assert.Matches("^[0-9A-F]{32}$", disabled.SignInStamp);
        Assert.Equal(disabled.SignInStamp, enabled.SignInStamp);
        Assert.Equal(disabled.SignInStamp, stored!.SignInStamp);
    }

    [Theory, AllProviders]
    public async Task Update_StaleVersion_ConflictShowingTheCurrentUser(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var alice = await CreateAsync(test, "alice", Role.Analyst);
        await accounts.UpdateAsync(alice.Id, new UserEdit { Role = Role.Viewer }, 1, Ct);

        var stale = await accounts.UpdateAsync(alice.Id, new UserEdit { Disabled = true }, 1, Ct);

        Assert.Equal(SaveStatus.Conflict, stale.Status);
        Assert.Equal((Role.Viewer, false, 2L), (stale.Before!.Role, stale.Before.Disabled, stale.Before.Version));
        Assert.False((await test.Get<IUserStore>().FindByIdAsync(alice.Id, Ct))!.Disabled);
    }

    [Theory, AllProviders]
    public async Task Update_DisplayNameTooLong_RefusedNamingIt(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var alice = await CreateAsync(test, "alice", Role.Analyst);

        var change = await test.Get<UserAccountService>().UpdateAsync(alice.Id, new UserEdit { DisplayName = new string('a', 201) }, 1, Ct);

        Assert.Equal((SaveStatus.Invalid, "displayName"), (change.Status, change.Field));
    }

    [Theory, AllProviders]
    public async Task Update_LastEnabledAdmin_CannotBeDemotedOrDisabled(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        var root = await CreateAsync(test, "root", Role.Admin);
        var other = await CreateAsync(test, "other", Role.Admin);
        await accounts.UpdateAsync(other.Id, new UserEdit { Disabled = true }, other.Version, Ct);

        var demote = await accounts.UpdateAsync(root.Id, new UserEdit { Role = Role.Analyst }, root.Version, Ct);
        var disable = await accounts.UpdateAsync(root.Id, new UserEdit { Disabled = true }, root.Version, Ct);
        var rename = await accounts.UpdateAsync(root.Id, new UserEdit { DisplayName = "Root" }, root.Version, Ct);

        Assert.Equal((SaveStatus.Invalid, "role"), (demote.Status, demote.Field));
        Assert.Equal("'root' is the last enabled Admin: make another user an Admin first, so someone can still manage users.", demote.Message);
        Assert.Equal((SaveStatus.Invalid, "disabled"), (disable.Status, disable.Field));
        Assert.True(rename.IsSaved, rename.Message);
        var stored = (await test.Get<IUserStore>().FindByIdAsync(root.Id, Ct))!;
        Assert.Equal((Role.Admin, false, 2L), (stored.Role, stored.Disabled, stored.Version));
    }

    [Theory, AllProviders]
    public async Task Update_AdminWithAnotherEnabledAdmin_CanBeDemoted(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var root = await CreateAsync(test, "root", Role.Admin);
        await CreateAsync(test, "other", Role.Admin);

        var demote = await test.Get<UserAccountService>().UpdateAsync(root.Id, new UserEdit { Role = Role.Viewer }, root.Version, Ct);

        Assert.True(demote.IsSaved, demote.Message);
    }

    [Theory, AllProviders]
    public async Task StoreUpdate_LastEnabledAdmin_IsRefusedWhoeverWrites(StorageProvider provider)
    {
        // The guard is the store's, not only the service's: a caller writing the user directly is refused too.
        await using var test = await TestDatabase.CreateAsync(provider);
        var root = await CreateAsync(test, "root", Role.Admin);

        var result = await test.Get<IUserStore>().UpdateAsync(root with { Disabled = true }, Ct);

        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.False((await test.Get<IUserStore>().FindByIdAsync(root.Id, Ct))!.Disabled);
    }

    [Theory, AllProviders]
    public async Task Update_TwoAdminsDemotedAtOnce_OneStaysAdmin(StorageProvider provider)
    {
        // Each write alone is allowed (another admin exists); together they would leave none. The store judges each in
        // its own transaction after the other's, whichever order they run in, so exactly one is refused.
        await using var test = await TestDatabase.CreateAsync(provider);
        var accounts = test.Get<UserAccountService>();
        User? previous = null;
        for (var round = 0; round < 5; round++)
        {
            var a = await CreateAsync(test, $"a{round}", Role.Admin);
            var b = await CreateAsync(test, $"b{round}", Role.Admin);
            if (previous is not null)
            {
                // The last round's survivor steps aside, so each round starts with exactly two enabled admins.
                var retired = await accounts.UpdateAsync(previous.Id, new UserEdit { Disabled = true }, previous.Version, Ct);
                Assert.True(retired.IsSaved, retired.Message);
            }

            var results = await Task.WhenAll(
                Task.Run(() => accounts.UpdateAsync(a.Id, new UserEdit { Role = Role.Viewer }, a.Version, Ct), Ct),
                Task.Run(() => accounts.UpdateAsync(b.Id, new UserEdit { Role = Role.Viewer }, b.Version, Ct), Ct));

            Assert.Equal([SaveStatus.Saved, SaveStatus.Invalid], results.Select(r => r.Status).Order());
            Assert.Single(await test.Get<IUserStore>().ListAsync(Ct), AdminGuard.Administers);
            previous = results.Single(r => !r.IsSaved).Before!;
        }
    }
}
