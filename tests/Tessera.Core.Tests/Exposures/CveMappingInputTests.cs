using Tessera.Core.Exposures;

namespace Tessera.Core.Tests.Exposures;

public sealed class CveMappingInputTests
{
    [Theory]
    [InlineData("CVE-2024-3400", "T1190", "CVE-2024-3400", "T1190")]
    [InlineData(" cve-2024-3400 ", "t1059.004", "CVE-2024-3400", "T1059.004")] // trimmed and upper-cased, as pasted
    [InlineData("CVE-2021-1234567", "T1685", "CVE-2021-1234567", "T1685")] // 7-digit number; T1685 is newer than the loaded releases
    public void Parse_WellFormed_NormalisedIds(string cve, string technique, string expectedCve, string expectedTechnique)
    {
        var input = CveMappingInput.Parse(cve, technique);

        Assert.True(input.Succeeded);
        Assert.Equal((expectedCve, expectedTechnique), (input.Cve.Value, input.Technique.Value));
    }

    [Theory]
    [InlineData("CVE-24-3400", "T1190", "cve")] // two-digit year
    [InlineData("CVE-2024-340", "T1190", "cve")] // fewer than four digits
    [InlineData("2024-3400", "T1190", "cve")]
    [InlineData("CVE-2024-3400", "TA0001", "technique")] // a tactic, not a technique
    [InlineData("CVE-2024-3400", "T1190.1", "technique")]
    [InlineData("", "", "cve,technique")] // both fields reported, not only the first
    [InlineData("CVE-2024-123456789012345678901234", "T1190", "cve")] // 33 characters: longer than the stored column
    public void Parse_Malformed_ErrorNamesEachBadField(string cve, string technique, string fields)
    {
        var input = CveMappingInput.Parse(cve, technique);

        Assert.False(input.Succeeded);
        Assert.Equal(fields.Split(','), input.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Parse_LongPaste_EchoesOnlyItsStart()
    {
        var input = CveMappingInput.Parse(new string('x', 5000), "T1190");

        Assert.True(Assert.Single(input.Errors).Message.Length < 100);
    }

    [Fact]
    public void CveId_Parse_NotACve_Throws() =>
        Assert.Throws<FormatException>(() => CveId.Parse("GHSA-xxxx"));
}
