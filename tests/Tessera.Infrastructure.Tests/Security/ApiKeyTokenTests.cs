using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void Generate_Token_ParsesBackToItsParts()
    {
        var (keyId, secret, token) = ApiKeyToken.Generate();

        Assert.Matches("^tsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", token);
        Assert.True(ApiKeyToken.TryParse(token, out var parsedId, out var parsedSecret));
        Assert.Equal((keyId, secret), (parsedId, parsedSecret));
        Assert.True(ApiKeyToken.Matches(secret, ApiKeyToken.HashSecret(secret)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    // Wrong prefix (another product's token).
    [InlineData("ghp_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    // Upper-case hex in the key id: ids are generated lower-case, so this is not ours.
    [InlineData("tsk_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    // Secret one character short.
    [InlineData("tsk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    // Missing separator between key id and secret.
    [InlineData("tsk_0123456789abcdefAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryParse_NotATesseraToken_ReturnsFalse(string? token) =>
        Assert.False(ApiKeyToken.TryParse(token, out _, out _));

    [Theory]
    [InlineData("not base64 at all")]
    // Valid base64 but 16 bytes, not a SHA-256.
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Matches_MalformedStoredHash_ReturnsFalse(string storedHash) =>
        Assert.False(ApiKeyToken.Matches("secret", storedHash));
}
