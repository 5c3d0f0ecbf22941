using Tessera.Core.Alerts.Library;

namespace Tessera.Core.Tests.Alerts.Library;

public sealed class AlertSignatureTests
{
    [Theory]
    [InlineData("ET EXPLOIT vBulletin 5.2.1 RCE from 10.0.0.5", "et exploit vbulletin <ver> rce from <ip>")]
    [InlineData("ET EXPLOIT vBulletin 5.x RCE from 192.168.1.9:8080", "et exploit vbulletin <ver> rce from <ip>")] // "5.x" is a version, ip:port is an ip
    [InlineData("Beacon to evil.example.com on 2024-03-05", "beacon to <host> on <date>")]
    [InlineData("Dropped payload.exe hash D41D8CD98F00B204E9800998ECF8427E", "dropped payload.exe hash <hash>")] // file names are not hosts
    [InlineData("Exploit CVE-2021-44228 attempt 3", "exploit cve-2021-44228 attempt <num>")] // a CVE is part of the signature
    [InlineData("  Mixed\tCASE   spacing ", "mixed case spacing")]
    public void Normalize_VariableParts_BecomePlaceholders(string title, string expected) =>
        Assert.Equal(expected, AlertSignature.Normalize(title));
}
