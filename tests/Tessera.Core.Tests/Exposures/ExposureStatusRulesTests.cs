using Tessera.Core.Exposures;

namespace Tessera.Core.Tests.Exposures;

public sealed class ExposureStatusRulesTests
{
    [Theory]
    [InlineData("open", ExposureStatus.Open)]
    [InlineData(" Resolved ", ExposureStatus.Resolved)]
    [InlineData("ACCEPTED", ExposureStatus.Accepted)]
    public void TryParse_StatusName_ParsesIgnoringCaseAndSpace(string text, ExposureStatus expected)
    {
        Assert.True(ExposureStatusRules.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fixed")]
    [InlineData("1")] // Enum.TryParse would take the number: the API must not
    [InlineData("open,resolved")] // Enum.TryParse would combine the names
    public void TryParse_NotAStatusName_Fails(string? text) => Assert.False(ExposureStatusRules.TryParse(text, out _));

    // 23:30 UTC: still 2025-10-28 in UTC, already the 29th east of UTC; days are judged in UTC.
    private static readonly DateTimeOffset Now = new(2025, 10, 28, 23, 30, 0, TimeSpan.Zero);

    private static readonly DateOnly Until = new(2026, 1, 31);

    [Fact]
    public void Validate_AcceptedWithoutReason_NamesTheReasonField()
    {
        Assert.StartsWith("reason:", ExposureStatusRules.Validate(ExposureStatus.Accepted, ExposureStatusRules.Normalise("  "), Until, Now));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Resolved, null, null, Now));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Accepted, "compensating control: WAF rule 4412", Until, Now));
    }

    [Fact]
    public void Validate_ReasonOverTheCap_NamesTheReasonFieldAndLength()
    {
        var reason = new string('x', StoredExposure.MaxStatusReasonChars + 1);

        Assert.Equal("reason: at most 500 characters (501 given); link a ticket for more.", ExposureStatusRules.Validate(ExposureStatus.Open, reason, null, Now));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Open, reason[1..], null, Now));
    }

    [Fact]
    public void Validate_ReasonWithEscapeSequence_NamesTheReasonField_LineBreaksKept()
    {
        Assert.Equal("reason: contains a control character (U+001B at position 4); only line breaks and tabs are allowed.",
            ExposureStatusRules.Validate(ExposureStatus.Resolved, "ok \u001b[2J", null, Now));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Resolved, "patched\r\nsee CHG-1234", null, Now));
    }

    [Theory]
    [InlineData(null, "acceptedUntil: accepting an exposure's risk needs an end date (YYYY-MM-DD, after 2025-10-28 and at most 2026-10-28).")]
    [InlineData("2025-10-28", "acceptedUntil: 2025-10-28 is not in the future (today is 2025-10-28 UTC).")] // today: it would expire at once
    [InlineData("2024-02-29", "acceptedUntil: 2024-02-29 is not in the future (today is 2025-10-28 UTC).")]
    [InlineData("2026-10-29", "acceptedUntil: 2026-10-29 is more than 365 days ahead (at most 2026-10-28); accept again when it ends.")]
    [InlineData("2025-10-29", null)] // tomorrow: the shortest acceptance
    [InlineData("2026-10-28", null)] // exactly the horizon
    public void Validate_AcceptedUntil_MustBeAfterTodayAndWithinTheHorizon(string? until, string? expected)
    {
        DateOnly? day = until is null ? null : DateOnly.ParseExact(until, "yyyy-MM-dd");

        Assert.Equal(expected, ExposureStatusRules.Validate(ExposureStatus.Accepted, "isolated host", day, Now));
    }

    [Fact]
    public void Validate_UntilOnAnotherStatus_NamesTheAcceptedUntilField()
    {
        Assert.Equal("acceptedUntil: only an accepted exposure has an acceptance end date, not a resolved one.",
            ExposureStatusRules.Validate(ExposureStatus.Resolved, "patched", Until, Now));
        Assert.StartsWith("acceptedUntil:", ExposureStatusRules.Validate(ExposureStatus.Open, null, Until, Now));
    }

    [Fact]
    public void EffectiveStatus_AcceptanceEndDayBegun_CountsAsOpenAndKeepsTheRecord()
    {
        var accepted = Stored(ExposureStatus.Accepted, Until);
        var startOfEndDay = new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal((ExposureStatus.Accepted, false), (accepted.EffectiveStatus(startOfEndDay.AddTicks(-1)), accepted.IsAcceptanceExpired(startOfEndDay.AddTicks(-1))));
        Assert.Equal((ExposureStatus.Open, true), (accepted.EffectiveStatus(startOfEndDay), accepted.IsAcceptanceExpired(startOfEndDay)));
        // 2026-01-31 01:00 in UTC+2 is still the 30th in UTC: not expired.
        Assert.False(accepted.IsAcceptanceExpired(new DateTimeOffset(2026, 1, 31, 1, 0, 0, TimeSpan.FromHours(2))));
        Assert.Equal(ExposureStatus.Accepted, accepted.Status);
    }

    [Theory]
    [InlineData(ExposureStatus.Accepted)] // stored before expiry dates existed: no expiry
    [InlineData(ExposureStatus.Resolved)]
    [InlineData(ExposureStatus.Open)]
    public void EffectiveStatus_NoEndDay_NeverExpires(ExposureStatus status)
    {
        var stored = Stored(status, null);

        Assert.Equal((status, false), (stored.EffectiveStatus(DateTimeOffset.MaxValue), stored.IsAcceptanceExpired(DateTimeOffset.MaxValue)));
    }

    [Theory]
    [InlineData(" 2026-01-31 ", true)]
    [InlineData("2026-02-30", false)] // no such day
    [InlineData("31/01/2026", false)]
    [InlineData("2026-01-31T00:00:00Z", false)] // a day, not a moment
    [InlineData(null, false)]
    public void TryParseDay_OnlyIsoDays(string? text, bool ok) => Assert.Equal(ok, ExposureStatusRules.TryParseDay(text, out _));

    private static StoredExposure Stored(ExposureStatus status, DateOnly? until) => new()
    {
        Id = Guid.Empty, Key = "mft-01|CVE-2023-34362", FirstImported = Now, LastImported = Now, Status = status, AcceptedUntil = until,
        Exposure = new Exposure { Id = "F-2", Kind = ExposureKind.Vulnerability, Cve = "CVE-2023-34362", Asset = "mft-01", Severity = ExposureSeverity.Critical, Title = "MOVEit" },
    };

    [Fact]
    public void ReopenReason_LongFileName_CutToTheCap()
    {
        Assert.Equal("seen again in import scan.csv", ExposureStatusRules.ReopenReason(" scan.csv "));
        Assert.Equal("seen again in an import", ExposureStatusRules.ReopenReason(null));
        Assert.Equal(StoredExposure.MaxStatusReasonChars, ExposureStatusRules.ReopenReason(new string('f', 600)).Length);
        Assert.Equal("acceptance expired on 2026-01-31; seen again in import week.csv", ExposureStatusRules.ReopenReason("week.csv", Until));
    }
}
