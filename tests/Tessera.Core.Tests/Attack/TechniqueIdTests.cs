using Tessera.Core.Attack;

namespace Tessera.Core.Tests.Attack;

public sealed class TechniqueIdTests
{
    [Theory]
    [InlineData("T1059", "T1059")]
    [InlineData("t1059.001", "T1059.001")] // lower case from Sigma tags is normalised
    [InlineData(" T1685 ", "T1685")]       // a v19 ID is well-formed even if 18.1 lacks it
    public void TryParse_WellFormed_Normalises(string text, string expected)
    {
        Assert.True(TechniqueId.TryParse(text, out var id));
        Assert.Equal(expected, id.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("T105")]
    [InlineData("T1059.1")]
    [InlineData("TA0002")] // a tactic ID is not a technique ID
    [InlineData(null)]
    public void TryParse_Malformed_ReturnsFalse(string? text) => Assert.False(TechniqueId.TryParse(text, out _));

    [Fact]
    public void Parent_OfSubtechnique_IsTechnique() =>
        Assert.Equal("T1059", TechniqueId.Parse("T1059.001").Parent.Value);

    [Fact]
    public void Json_RoundTrip_IsTheIdText()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new[] { TechniqueId.Parse("T1059"), TechniqueId.Parse("T1059.001") });
        Assert.Equal("[\"T1059\",\"T1059.001\"]", json);
        Assert.Equal(TechniqueId.Parse("T1059.001"), System.Text.Json.JsonSerializer.Deserialize<TechniqueId>("\"T1059.001\""));
    }

    [Fact]
    public void Json_MalformedId_ThrowsJsonException() =>
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<TechniqueId>("\"T10\""));
}
