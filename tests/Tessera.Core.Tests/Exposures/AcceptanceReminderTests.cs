using Tessera.Core.Exposures;

namespace Tessera.Core.Tests.Exposures;

public sealed class AcceptanceReminderTests
{
    // 23:30 UTC on 2025-10-28: already the 29th east of UTC; days are judged in UTC.
    private static readonly DateTimeOffset Now = new(2025, 10, 28, 23, 30, 0, TimeSpan.Zero);

    private static StoredExposure Accepted(DateOnly? until, ExposureStatus status = ExposureStatus.Accepted) => new()
    {
        Id = Guid.NewGuid(), Key = "vpn-01|CVE-2023-4966", FirstImported = Now, LastImported = Now, Status = status, AcceptedUntil = until,
        Exposure = new Exposure { Id = "F-1", Kind = ExposureKind.Vulnerability, Asset = "vpn-01", Severity = ExposureSeverity.Critical, Title = "Citrix Bleed" },
    };

    [Theory]
    [InlineData("2025-10-29", 1)] // ends tomorrow: today is its last day
    [InlineData("2025-11-11", 14)] // the last day of the default window
    [InlineData("2025-10-28", 0)] // ended at 00:00 UTC today
    [InlineData("2025-10-01", -27)]
    public void DaysLeft_EndDay_CountsUtcCalendarDays(string until, int expected) =>
        Assert.Equal(expected, AcceptanceReminder.DaysLeft(DateOnly.ParseExact(until, "yyyy-MM-dd"), Now));

    [Theory]
    [InlineData("2025-10-29", 14, true)] // one day left
    [InlineData("2025-11-11", 14, true)] // exactly at the window's edge
    [InlineData("2025-11-12", 14, false)] // one day beyond it
    [InlineData("2025-11-12", 15, true)] // a wider window takes it
    [InlineData("2025-10-28", 14, false)] // expired is not "ending soon"
    public void IsAcceptanceEndingWithin_EndDayAndWindow_TrueOnlyForRunningAcceptancesInside(string until, int window, bool expected) =>
        Assert.Equal(expected, Accepted(DateOnly.ParseExact(until, "yyyy-MM-dd")).IsAcceptanceEndingWithin(Now, window));

    [Fact]
    public void AcceptanceDaysLeft_NoEndDayOrNotAccepted_IsNull()
    {
        Assert.Null(Accepted(null).AcceptanceDaysLeft(Now));
        Assert.Null(Accepted(null, ExposureStatus.Open).AcceptanceDaysLeft(Now));
        Assert.Null(Accepted(new DateOnly(2025, 10, 28)).AcceptanceDaysLeft(Now));
        Assert.Equal(3, Accepted(new DateOnly(2025, 10, 31)).AcceptanceDaysLeft(Now));
        Assert.False(Accepted(null).IsAcceptanceEndingWithin(Now, AcceptanceReminder.MaxWindowDays));
    }

    [Theory]
    [InlineData(0, "within: 0 is not a window of days (1 to 90; default 14).")]
    [InlineData(91, "within: 91 is not a window of days (1 to 90; default 14).")]
    [InlineData(-3, "within: -3 is not a window of days (1 to 90; default 14).")]
    [InlineData(1, null)]
    [InlineData(90, null)]
    public void ValidateWindow_Days_RefusesOutsideOneToNinety(int days, string? expected) =>
        Assert.Equal(expected, AcceptanceReminder.ValidateWindow(days));

    [Theory]
    [InlineData("ending-soon", ExposureAcceptanceFilter.EndingSoon)]
    [InlineData(" EXPIRED ", ExposureAcceptanceFilter.Expired)]
    public void TryParse_FilterName_ParsesIgnoringCaseAndSpace(string text, ExposureAcceptanceFilter expected)
    {
        Assert.True(AcceptanceReminder.TryParse(text, out var filter));
        Assert.Equal(expected, filter);
    }

    [Theory]
    [InlineData("EndingSoon")] // the enum name is not the API's word
    [InlineData("0")] // Enum.TryParse would take the number
    [InlineData("soon")]
    [InlineData(null)]
    public void TryParse_NotAFilterName_Fails(string? text) => Assert.False(AcceptanceReminder.TryParse(text, out _));

    [Fact]
    public void EventId_ExposureAndEndDay_StableAndWithinTheOutboxKeyLength()
    {
        var id = Guid.Parse("0199a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5b");

        var eventId = AcceptanceExpiryNotifier.EventId(id, new DateOnly(2026, 1, 31));

        Assert.Equal("evt_expiry_0199a0b12c3d7e4f8a9b0c1d2e3f4a5b_20260131", eventId);
        Assert.True(eventId.Length <= 64);
        Assert.NotEqual(eventId, AcceptanceExpiryNotifier.EventId(id, new DateOnly(2026, 5, 1)));
    }
}
