using System.Net;
using Tessera.Core.Webhooks;

namespace Tessera.Core.Tests.Webhooks;

/// <summary>QA pass 6: webhooks could target the cloud metadata service, the server's own ports and link-local hosts.</summary>
public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    public void Refusal_AddressesNeverOrNotByDefaultTargets_NamedWithTheReason(string address, string reason) =>
        Assert.Contains(reason, WebhookTargets.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("10.20.30.40")]
    [InlineData("192.168.1.10")]
    [InlineData("172.16.5.5")]
    [InlineData("203.0.113.9")]
    [InlineData("2001:db8::5")]
    public void Refusal_PrivateAndPublicAddresses_AreTargets(string address) =>
        Assert.Null(WebhookTargets.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("http://127.0.0.1:5491/", false, "loopback")]
    [InlineData("http://[::1]:5491/", false, "loopback")]
    [InlineData("http://0x7f000001:5491/", false, "loopback")]
    [InlineData("http://localhost:5491/", false, "the server itself")]
    [InlineData("http://169.254.169.254/latest/meta-data/", true, "link-local")]
    public void UrlRefusal_LiteralAndLoopbackHosts_Refused(string url, bool allowLoopback, string reason) =>
        Assert.Contains(reason, WebhookTargets.UrlRefusal(new Uri(url), allowLoopback));

    [Theory]
    [InlineData("http://127.0.0.1:5491/", true)]
    [InlineData("https://soar.example.org/hooks", false)]
    [InlineData("https://10.0.0.8/hooks", false)]
    public void UrlRefusal_AllowedTargets_Null(string url, bool allowLoopback) =>
        Assert.Null(WebhookTargets.UrlRefusal(new Uri(url), allowLoopback));
}
