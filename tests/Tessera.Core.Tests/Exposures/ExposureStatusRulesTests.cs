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

    [Fact]
    public void Validate_AcceptedWithoutReason_NamesTheReasonField()
    {
        Assert.StartsWith("reason:", ExposureStatusRules.Validate(ExposureStatus.Accepted, ExposureStatusRules.Normalise("  ")));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Resolved, null));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Accepted, "compensating control: WAF rule 4412"));
    }

    [Fact]
    public void Validate_ReasonOverTheCap_NamesTheReasonFieldAndLength()
    {
        var reason = new string('x', StoredExposure.MaxStatusReasonChars + 1);

        Assert.Equal("reason: at most 500 characters (501 given); link a ticket for more.", ExposureStatusRules.Validate(ExposureStatus.Open, reason));
        Assert.Null(ExposureStatusRules.Validate(ExposureStatus.Open, reason[1..]));
    }

    [Fact]
    public void ReopenReason_LongFileName_CutToTheCap()
    {
        Assert.Equal("seen again in import scan.csv", ExposureStatusRules.ReopenReason(" scan.csv "));
        Assert.Equal("seen again in an import", ExposureStatusRules.ReopenReason(null));
        Assert.Equal(StoredExposure.MaxStatusReasonChars, ExposureStatusRules.ReopenReason(new string('f', 600)).Length);
    }
}
