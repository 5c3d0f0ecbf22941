using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

public sealed class ApiKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, AllProviders]
    public async Task Authenticate_IssuedToken_ReturnsKeyAndRecordsLastUse(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = test.Get<ApiKeyService>();
        var created = (await keys.CreateAsync("siem-forwarder", Role.Analyst, "admin", Ct)).Value!;
        test.Time.Advance(TimeSpan.FromHours(1));

        var key = await keys.AuthenticateAsync(created.Token, Ct);

        Assert.NotNull(key);
        Assert.Equal((created.Key.KeyId, "siem-forwarder", Role.Analyst), (key.KeyId, key.Name, key.Role));
        var stored = (await test.Get<IApiKeyStore>().FindAsync(created.Key.KeyId, Ct))!;
        Assert.Equal(test.Time.GetUtcNow(), stored.LastUsedAt);
        Assert.Equal(test.Time.GetUtcNow() - TimeSpan.FromHours(1), stored.CreatedAt);
    }

    [Theory, AllProviders]
    public async Task CreateKey_StoresHashOnly_NeverTheSecret(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var created = (await test.Get<ApiKeyService>().CreateAsync("ci", Role.DetectionEngineer, "admin", Ct)).Value!;
        Assert.True(ApiKeyToken.TryParse(created.Token, out _, out var secret));

        var stored = (await test.Get<IApiKeyStore>().FindAsync(created.Key.KeyId, Ct))!;

        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(ApiKeyToken.HashSecret(secret), stored.SecretHash);
        Assert.Null(stored.LastUsedAt);
    }

    // The name reaches the keys page, audit entries ("apikey:NAME" as the actor) and logs as it is.
    [Theory, AllProviders]
    public async Task CreateKey_NameWithLineBreak_RefusedAndNothingStored(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        var result = await test.Get<ApiKeyService>().CreateAsync("ci\r\nadmin", Role.Viewer, "admin", Ct);

        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Equal("API key name contains a control character (U+000D at position 3); it is one line of printable text.", result.Message);
        Assert.Empty(await test.Get<IApiKeyStore>().ListAsync(Ct));
    }

    [Theory, AllProviders]
    public async Task Authenticate_RightKeyIdWrongSecret_ReturnsNull(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = test.Get<ApiKeyService>();
        var created = (await keys.CreateAsync("ci", Role.Viewer, null, Ct)).Value!;
        var (_, otherSecret, _) = ApiKeyToken.Generate();
        var forged = $"{ApiKeyToken.Prefix}{created.Key.KeyId}_{otherSecret}";

        Assert.Null(await keys.AuthenticateAsync(forged, Ct));
        Assert.Null((await test.Get<IApiKeyStore>().FindAsync(created.Key.KeyId, Ct))!.LastUsedAt);
    }

    [Theory, AllProviders]
    public async Task Authenticate_RevokedKey_ReturnsNull(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = test.Get<ApiKeyService>();
        var created = (await keys.CreateAsync("ci", Role.Viewer, null, Ct)).Value!;

        var revoked = await keys.RevokeAsync(created.Key.KeyId, Ct);
        var revokedAgain = await keys.RevokeAsync(created.Key.KeyId, Ct);

        Assert.True(revoked);
        Assert.False(revokedAgain);
        Assert.Null(await keys.AuthenticateAsync(created.Token, Ct));
        Assert.Equal(test.Time.GetUtcNow(), (await test.Get<IApiKeyStore>().FindAsync(created.Key.KeyId, Ct))!.RevokedAt);
    }

    [Theory, AllProviders]
    public async Task Authenticate_TwiceWithinResolution_KeepsFirstUseTime(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = test.Get<ApiKeyService>();
        var created = (await keys.CreateAsync("ci", Role.Viewer, null, Ct)).Value!;
        await keys.AuthenticateAsync(created.Token, Ct);
        var firstUse = test.Time.GetUtcNow();
        test.Time.Advance(ApiKeyService.LastUsedResolution / 2);

        await keys.AuthenticateAsync(created.Token, Ct);

        Assert.Equal(firstUse, (await test.Get<IApiKeyStore>().FindAsync(created.Key.KeyId, Ct))!.LastUsedAt);
    }

    [Theory, AllProviders]
    public async Task ListKeys_SeveralKeys_NewestFirstWithRevocationState(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = test.Get<ApiKeyService>();
        var older = (await keys.CreateAsync("older", Role.Viewer, null, Ct)).Value!;
        test.Time.Advance(TimeSpan.FromMinutes(5));
        await keys.CreateAsync("newer", Role.Admin, null, Ct);
        await keys.RevokeAsync(older.Key.KeyId, Ct);

        var list = await test.Get<IApiKeyStore>().ListAsync(Ct);

        Assert.Equal(["newer", "older"], list.Select(k => k.Name));
        Assert.Equal([false, true], list.Select(k => k.IsRevoked));
    }
}
