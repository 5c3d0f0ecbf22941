using Tessera.Core.Security;

namespace Tessera.Infrastructure.Tests.Security;

// Pure Core tests; they live here because this helper owns Core/Security but not Tessera.Core.Tests.
public sealed class PasswordHasherTests
{
    private static readonly PasswordHasher Hasher = new();

    [Fact]
    public void Hash_SamePasswordTwice_UsesFreshSaltInVersionedFormat()
    {
        var a = Hasher.Hash("correct horse battery staple");
        var b = Hasher.Hash("correct horse battery staple");

        Assert.NotEqual(a, b);
        var parts = a.Split('$');
        Assert.Equal(("pbkdf2-sha256", "600000"), (parts[0], parts[1]));
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void Verify_RightAndWrongPassword_SucceedsOnlyForRight()
    {
        var stored = Hasher.Hash("correct horse battery staple");

        Assert.Equal(PasswordVerification.Success, Hasher.Verify("correct horse battery staple", stored));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify("correct horse battery stapl", stored));
    }

    [Fact]
    public void Verify_HashWithFewerIterations_ReportsRehashNeeded()
    {
        var stored = new PasswordHasher(PasswordHasher.MinimumIterations).Hash("correct horse battery staple");

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, Hasher.Verify("correct horse battery staple", stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    // Another scheme name: never guess how to verify it.
    [InlineData("bcrypt$600000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    // Non-numeric and absurd iteration counts (a tampered row must not become a denial of service).
    [InlineData("pbkdf2-sha256$many$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$2000000000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    // Salt that is not base64.
    [InlineData("pbkdf2-sha256$600000$!!!$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void Verify_MalformedStoredHash_FailsWithoutThrowing(string stored) =>
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify("anything at all", stored));

    [Fact]
    public void Constructor_BelowOwaspFloor_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(100_000));
}
