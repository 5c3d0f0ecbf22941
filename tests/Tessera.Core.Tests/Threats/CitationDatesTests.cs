using Tessera.Core.Attack;
using Tessera.Core.Threats;

namespace Tessera.Core.Tests.Threats;

public sealed class CitationDatesTests
{
    [Theory]
    [InlineData("Symantec. (2020, June 25). WastedLocker. Retrieved May 20, 2021.", "2020-06-25")]
    [InlineData("Mandiant. (2019, Sept 3). Report. Retrieved May 1, 2021.", "2019-09-03")] // "Sept" abbreviation
    [InlineData("Vendor. (2018, March). Report. Retrieved May 1, 2021.", "2018-03-01")] // month only
    [InlineData("Vendor. (2017). Report. Retrieved May 1, 2021.", "2017-01-01")] // year only
    [InlineData("Vendor. (2021, February 30). Typo. Retrieved May 1, 2021.", "2021-02-28")] // impossible day clamped, not thrown
    [InlineData("Vendor. (2016, Smarch 4). Report.", "2016-01-04")] // unknown month name falls back to January
    public void Parse_DatedCitation_ReturnsPublicationDate(string citation, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected + "T00:00:00Z"), CitationDates.Parse(citation));

    [Theory]
    [InlineData("Mandiant. (n.d.). APT42: Crooked Charms. Retrieved October 9, 2024.")] // undated: retrieval date must not be used
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Listed (1066) in a chronicle")] // not a plausible report year
    public void Parse_Undated_ReturnsNull(string? citation) => Assert.Null(CitationDates.Parse(citation));

    [Fact]
    public void Latest_SeveralReferences_ReturnsNewestAndIgnoresUndated()
    {
        ExternalReference[] refs =
        [
            new("a", null, null, "A. (2019, May 2). Old."),
            new("b", null, null, "B. (n.d.). Undated. Retrieved June 1, 2025."),
            new("c", null, null, "C. (2024, January 11). New."),
        ];

        Assert.Equal(new DateTimeOffset(2024, 1, 11, 0, 0, 0, TimeSpan.Zero), CitationDates.Latest(refs));
    }
}
