using Tessera.Core.Exposures;

namespace Tessera.Core.Tests.Exposures;

public sealed class ExposureSettingsTests
{
    [Theory]
    [InlineData(1)] // the day before the end
    [InlineData(14)] // the default
    [InlineData(90)] // a quarter, the widest
    public void Validate_WindowInRange_NoProblems(int days) =>
        Assert.Empty(new ExposureSettings { AcceptanceWindowDays = days }.Validate());

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(91)] // beyond a quarter: that is the list of running acceptances, not a reminder
    public void Validate_WindowOutOfRange_OneProblemNamingTheField(int days)
    {
        var problem = Assert.Single(new ExposureSettings { AcceptanceWindowDays = days }.Validate());

        Assert.Equal($"acceptanceWindowDays: {days} is not a window of days (1 to 90; default 14).", problem);
    }

    [Fact]
    public void ValidateWindow_QueryParameter_KeepsTheWithinWording() =>
        Assert.StartsWith("within: 0 ", AcceptanceReminder.ValidateWindow(0));
}
