using System.Text;
using Tessera.Core.Webhooks;

namespace Tessera.Core.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    private const string Secret = "whsec_test_secret_0123456789";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly byte[] Body = "{\"a\":1}"u8.ToArray();

    private static WebhookVerification Verify(string? header, byte[]? body = null, DateTimeOffset? now = null, string secret = Secret) =>
        WebhookSigner.Verify(header, body ?? Body, secret, now ?? At, WebhookSigner.DefaultTolerance);

    [Fact]
    public void Sign_KnownVector_MatchesIndependentHmac() =>
        // Computed independently: HMAC-SHA256(secret, "1700000000.{\"a\":1}") in Python's hmac module.
        Assert.Equal("t=1700000000,v1=10fb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c", WebhookSigner.Sign(Secret, At, Body));

    [Fact]
    public void Verify_OwnSignature_Valid() => Assert.Equal(WebhookVerification.Valid, Verify(WebhookSigner.Sign(Secret, At, Body)));

    [Fact]
    public void Verify_TamperedBody_Mismatch() =>
        Assert.Equal(WebhookVerification.Mismatch, Verify(WebhookSigner.Sign(Secret, At, Body), "{\"a\":2}"u8.ToArray()));

    [Fact]
    public void Verify_WrongSecret_Mismatch() =>
        Assert.Equal(WebhookVerification.Mismatch, Verify(WebhookSigner.Sign(Secret, At, Body), secret: Secret + "x"));

    [Fact]
    public void Verify_TimestampReplacedInHeader_Mismatch()
    {
        // Moving t forward to dodge the tolerance check breaks the signature, which covers t.
        var header = WebhookSigner.Sign(Secret, At, Body).Replace("t=1700000000", "t=1700000600", StringComparison.Ordinal);

        Assert.Equal(WebhookVerification.Mismatch, Verify(header, now: At.AddMinutes(10)));
    }

    [Theory]
    [InlineData(-301)] // replayed more than five minutes later
    [InlineData(301)] // stamped in the future beyond the skew allowance
    public void Verify_OutsideTolerance_Rejected(int secondsFromSigning) =>
        Assert.Equal(WebhookVerification.OutsideTolerance, Verify(WebhookSigner.Sign(Secret, At.AddSeconds(secondsFromSigning), Body)));

    [Fact]
    public void Verify_RotatedSecret_AnyV1Matches()
    {
        var old = WebhookSigner.Sign("whsec_previous_secret_000000", At, Body).Split(",v1=")[1];
        var header = WebhookSigner.Sign(Secret, At, Body) + ",v1=" + old;

        Assert.Equal(WebhookVerification.Valid, Verify(header, secret: "whsec_previous_secret_000000"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=10fb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c")] // no timestamp
    [InlineData("t=1700000000")] // no signature
    [InlineData("t=-5,v1=10fb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c")] // signed timestamps not allowed
    [InlineData("t=1700000000,v1=zz")] // not 64 hex digits
    [InlineData("t=1700000000,v1=zzfb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c")] // 64 chars, not hex
    [InlineData("t=99999999999999999999,v1=10fb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c")] // overflows long
    [InlineData("t=999999999999,v1=10fb0e5eb2c2204d471e7d252958fb5af663638b8d24fc8dc03090a74bcc366c")] // beyond DateTimeOffset range
    public void Verify_MalformedHeader_Malformed(string? header) => Assert.Equal(WebhookVerification.Malformed, Verify(header));

    [Fact]
    public void Verify_OversizedHeader_MalformedWithoutParsing() =>
        Assert.Equal(WebhookVerification.Malformed, Verify("t=1700000000," + string.Concat(Enumerable.Repeat("x=1,", 400))));

    [Fact]
    public void Sign_UnicodeSecret_EncodedAsUtf8()
    {
        var header = WebhookSigner.Sign("sécret-ü-0123456789", At, Encoding.UTF8.GetBytes("ä"));

        Assert.Equal(WebhookVerification.Valid, WebhookSigner.Verify(header, Encoding.UTF8.GetBytes("ä"), "sécret-ü-0123456789", At, TimeSpan.Zero));
    }
}
