using Tessera.Core.Incidents;

namespace Tessera.Core.Tests.Incidents;

/// <summary>Observable values: what is refused (and why, naming the field) and the canonical form stored for the rest.</summary>
public sealed class EvidenceRulesTests
{
    private static IReadOnlyList<IncidentError> Check(ObservableKind kind, string value)
    {
        var errors = new List<IncidentError>();
        EvidenceRules.Observable(errors, kind, value);
        return errors;
    }

    /// <summary>The one error <paramref name="value"/> gets, which always names the field "value".</summary>
    private static IncidentError Refused(ObservableKind kind, string value, string code = "bad-observable")
    {
        var error = Assert.Single(Check(kind, value));
        Assert.Equal((code, "value"), (error.Code, error.Field));
        return error;
    }

    [Theory]
    [InlineData(ObservableKind.Ip, "10.0.0.1", "10.0.0.1")]
    [InlineData(ObservableKind.Ip, " 192.168.100.254 ", "192.168.100.254")]
    [InlineData(ObservableKind.Ip, "0.0.0.0", "0.0.0.0")]
    [InlineData(ObservableKind.Ip, "255.255.255.255", "255.255.255.255")]
    [InlineData(ObservableKind.Ip, "2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData(ObservableKind.Ip, "::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData(ObservableKind.Ip, "::FFFF:CB00:7107", "203.0.113.7")]
    [InlineData(ObservableKind.Ip, "::ffff:10.0.0.1", "10.0.0.1")]
    // A fully qualified name's trailing dot (the DNS root) is dropped: example.com. and example.com are one observable.
    [InlineData(ObservableKind.Domain, "Example.COM.", "example.com")]
    [InlineData(ObservableKind.Domain, "update-cdn-sync.example", "update-cdn-sync.example")]
    // A pasted value's line break is white space around it, trimmed as before; only what is inside is refused.
    [InlineData(ObservableKind.FileName, "\tinvoice.pdf\r\n", "invoice.pdf")]
    [InlineData(ObservableKind.FileHash, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData(ObservableKind.FileHash, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData(ObservableKind.FileHash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(ObservableKind.FileHash, "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C", "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C")]
    public void Valid_AcceptedAndStoredInCanonicalForm(ObservableKind kind, string value, string stored)
    {
        Assert.Empty(Check(kind, value));
        Assert.Equal(stored, EvidenceRules.Canonical(kind, value));
    }

    // IPAddress.TryParse reads 010 as octal: "010.000.000.001" was stored as 8.0.0.1. Other tools read it as 10.0.0.1.
    [Theory]
    [InlineData("010.000.000.001", "(10.0.0.1 or 8.0.0.1, whichever is meant).")]
    [InlineData("10.0.0.01", "(10.0.0.1, whichever is meant).")]
    [InlineData("192.168.010.1", "(192.168.10.1 or 192.168.8.1, whichever is meant).")]
    [InlineData("09.0.0.1", "(9.0.0.1, whichever is meant).")]
    public void Ip_OctetWithLeadingZeros_RefusedAsAmbiguousNamingEachReading(string value, string readings)
    {
        var message = Refused(ObservableKind.Ip, value).Message;

        Assert.Contains("leading zeros, which some tools read as octal", message, StringComparison.Ordinal);
        Assert.EndsWith(readings, message, StringComparison.Ordinal);
    }

    // "10.1" and "167772161" were accepted and stored as 10.0.0.1; hex and out-of-range octets are no address either.
    [Theory]
    [InlineData("10.1")]
    [InlineData("10.0.1")]
    [InlineData("167772161")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("1.2.3.4.5")]
    [InlineData("10.0.0.")]
    [InlineData("١٠.0.0.1")]
    public void Ip_ShortFormIntegerOrOutOfRange_RefusedNamingTheField(string value)
    {
        var error = Refused(ObservableKind.Ip, value);

        Assert.StartsWith("value ", error.Message, StringComparison.Ordinal);
        Assert.Contains("four numbers 0-255", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ObservableKind.FileName, "invoice.pdf\0.exe")]
    [InlineData(ObservableKind.Process, "powershell.exe\u0007")]
    [InlineData(ObservableKind.User, "alice\nbob")]
    [InlineData(ObservableKind.Domain, "evil\u001b.example")]
    [InlineData(ObservableKind.Url, "https://example.com/\u0085next")]
    public void AnyKind_NulOrControlCharacter_Refused(ObservableKind kind, string value) =>
        Assert.Contains("control character", Refused(kind, value, "control-character").Message, StringComparison.Ordinal);

    // "ZZZ" was stored as a hash; a lookup by it could never match.
    [Theory]
    [InlineData("ZZZ")]
    [InlineData("d41d8cd98f00b204e9800998ecf8427")]
    [InlineData("g41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("not a hash at all")]
    public void FileHash_NotAKnownDigest_RefusedNamingTheForms(string value) =>
        Assert.Contains("is not a file hash: give MD5, SHA-1, SHA-256 or SHA-512 in hex", Refused(ObservableKind.FileHash, value).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(".")]
    [InlineData("example.com..")]
    public void Domain_OnlyDotsOrEmptyLabel_Refused(string value) =>
        Assert.Contains("empty label", Refused(ObservableKind.Domain, value).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("http:no-host")]
    public void Url_ScriptDataLocalOrHostless_Refused(string value) =>
        Assert.Contains("http, https", Refused(ObservableKind.Url, value).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("https://invoices-secure.example/download/0393")]
    [InlineData("http://203.0.113.7:8080/a?b=c")]
    [InlineData("ftp://files.example/x.zip")]
    [InlineData("sftp://drop.example/in")]
    [InlineData("wss://c2.example/socket")]
    [InlineData("smb://fileserver/share")]
    public void Url_NetworkScheme_Accepted(string value) => Assert.Empty(Check(ObservableKind.Url, value));
}
