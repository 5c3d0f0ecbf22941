using Tessera.Core.Webhooks;

namespace Tessera.Core.Tests.Webhooks;

public sealed class WebhookSubscriptionTests
{
    private static WebhookSubscription Subscription(string url = "https://soar.example/hooks", string secret = "whsec_0123456789abcdef", params string[] types) => new()
    {
        Id = Guid.NewGuid(), Url = new Uri(url, UriKind.RelativeOrAbsolute), Secret = secret, EventTypes = types.Length == 0 ? ["coverage.regression"] : types,
    };

    [Fact]
    public void Validate_GoodSubscription_NoProblems() => Assert.Empty(Subscription().Validate());

    [Theory]
    [InlineData("ftp://soar.example/hooks")] // only http(s) is POSTable
    [InlineData("/relative/hooks")]
    [InlineData("https://user:pass@soar.example/hooks")] // credentials would leak into delivery logs
    public void Validate_BadUrl_Reported(string url) => Assert.Single(Subscription(url).Validate(), p => p.StartsWith("url", StringComparison.Ordinal));

    // The URL as given is what the webhooks page, audit entries and delivery logs show: "\r\n" in it forged a log line.
    [Theory]
    [InlineData("https://soar.example/hooks\r\nX-Forged: 1")]
    [InlineData("https://soar.example/a b")]
    [InlineData("https://soar.example/\u0000")]
    public void Validate_UrlWithLineBreakSpaceOrControl_Refused(string url) =>
        Assert.Equal("url must not contain spaces, line breaks or other control characters (percent-encode them)", Assert.Single(Subscription(url).Validate()));

    [Fact]
    public void Validate_NameWithLineBreak_RefusedNamingThePosition() =>
        Assert.Equal("name contains a control character (U+000A at position 5); it is one line of printable text.",
            Assert.Single((Subscription() with { Name = "soar\nprod" }).Validate()));

    [Fact]
    public void Validate_ShortSecretAndBadEventType_BothReported() =>
        Assert.Equal(2, Subscription(secret: "short", types: ["Coverage Regression!"]).Validate().Count);

    // 500,000 copies of "test.ping" were stored (and their audit snapshot then failed the request); 500,000 unknown types
    // would have been 500,000 messages.
    [Theory]
    [InlineData(2, "test.ping")]
    [InlineData(500_000, "test.ping")]
    [InlineData(500_000, null)]
    public void Validate_RepeatedOrTooManyEventTypes_OneProblem(int count, string? type)
    {
        var types = Enumerable.Range(0, count).Select(i => type ?? $"bogus.{i}").ToArray();

        var problem = Assert.Single(Subscription(types: types).Validate());

        Assert.StartsWith($"eventTypes names {count} types; name each at most once", problem);
    }

    // Well-formed but never sent: the subscription would never fire, so it is refused naming the types there are.
    [Theory]
    [InlineData("bogus.event")]
    [InlineData("Coverage.Regression")]
    public void Validate_UnknownEventType_ReportedWithTheValidOnes(string type)
    {
        var problem = Assert.Single(Subscription(types: ["*", "backlog.item.created", type]).Validate());

        Assert.StartsWith($"'{type}' is not an event type Tessera sends", problem, StringComparison.Ordinal);
        Assert.All(WebhookEventTypes.All, known => Assert.Contains(known, problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("coverage.regression", true)]
    [InlineData("incident.created", false)]
    public void Accepts_ListedTypeOnly(string type, bool expected) => Assert.Equal(expected, Subscription().Accepts(type));

    [Fact]
    public void Accepts_WildcardButDisabled_False() => Assert.False((Subscription(types: ["*"]) with { Enabled = false }).Accepts("x"));

    [Fact]
    public void GenerateSecret_RandomUrlSafeLongEnough()
    {
        var (a, b) = (WebhookSubscription.GenerateSecret(), WebhookSubscription.GenerateSecret());

        Assert.NotEqual(a, b);
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", a);
    }

    [Fact]
    public void DelayAfter_DefaultPolicy_DoublesUpToCapAndHonoursLongerRetryAfter()
    {
        var policy = WebhookRetryPolicy.Default;

        Assert.Equal([10, 20, 40, 80, 160, 320, 600, 600], Enumerable.Range(1, 8).Select(n => policy.DelayAfter(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(90), policy.DelayAfter(1, TimeSpan.FromSeconds(90)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.DelayAfter(1, TimeSpan.FromSeconds(1))); // shorter Retry-After does not hurry us
        Assert.Equal(policy.MaxDelay, policy.DelayAfter(1, TimeSpan.FromDays(1)));
    }
}
