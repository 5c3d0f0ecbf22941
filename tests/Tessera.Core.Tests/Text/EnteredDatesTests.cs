using System.Globalization;
using Tessera.Core.Text;

namespace Tessera.Core.Tests.Text;

public sealed class EnteredDatesTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    // QA pass: 2100-12-31T23:59:59-05:00 was refused as "executedAt 2101-01-01 is outside…", a date nobody sent. The
    // time is quoted as given, with its offset; the UTC day it is judged by is named when it is another day.
    [Theory]
    [InlineData("2100-12-31T23:59:59-05:00", "executedAt 2100-12-31T23:59:59-05:00 (2101-01-01 in UTC) is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")]
    [InlineData("2000-01-01T01:30:00+02:00", "executedAt 2000-01-01T01:30:00+02:00 (1999-12-31 in UTC) is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")]
    [InlineData("1900-01-01T00:00:00Z", "executedAt 1900-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")] // a UTC midnight: the day sent
    [InlineData("1900-01-01T08:15:30.25Z", "executedAt 1900-01-01T08:15:30.25Z is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")]
    public void Problem_TimeOutsideTheRange_QuotesItAsGivenAndTheUtcDayJudged(string given, string message) =>
        Assert.Equal(message, EnteredDates.Problem("executedAt", At(given)));

    [Theory]
    [InlineData("2101-01-01T03:00:00+05:00")] // 2100-12-31 in UTC: inside, judged by the UTC day
    [InlineData("2000-01-01T00:00:00Z")]
    public void Problem_UtcDayInsideTheRange_IsFine(string given) => Assert.Null(EnteredDates.Problem("executedAt", At(given)));
}
