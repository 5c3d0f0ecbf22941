using Tessera.Core.Threats;
using Tessera.Server.Components.Pages.Threats;
using Tessera.Server.Demo;
using static Tessera.Server.Tests.Components.Pages.Threats.ThreatTestProfiles;

namespace Tessera.Server.Tests.Components.Pages.Threats;

public sealed class ThreatsUrlTests
{
    private const string Collection = "enterprise-attack@18.1";

    private static readonly IReadOnlyList<ThreatProfile> Profiles =
        [Group("G0016", "APT29"), Group("G0007", "APT28"), Campaign("C0024", "SolarWinds Compromise")];

    private static readonly IReadOnlyList<string> Tags = ["financial", "government"];

    private static ThreatsUrlParse Parse(string? actors = null, string? sectors = null, string? mode = null, string? colouring = null) =>
        ThreatsUrl.Parse(new ThreatsUrlQuery(actors, sectors, mode, colouring), Profiles, Tags, Collection);

    [Fact]
    public void Parse_ValidUrl_SelectsEverythingWithoutErrors()
    {
        var parsed = Parse("G0016,C0024", "financial", "hybrid", "priority");

        Assert.Empty(parsed.Errors);
        Assert.Equal(["G0016", "C0024"], parsed.State.Actors);
        Assert.Equal(["financial"], parsed.State.Sectors);
        Assert.Equal(("hybrid", MatrixColouring.Priority), (parsed.State.Mode, parsed.State.Colouring));
    }

    [Fact]
    public void Parse_NoParameters_DefaultsAndNothingToCompute()
    {
        var parsed = Parse();

        Assert.Empty(parsed.Errors);
        Assert.False(parsed.State.HasSelection);
        Assert.Equal(("actor", MatrixColouring.Coverage), (parsed.State.Mode, parsed.State.Colouring));
    }

    [Fact]
    public void Parse_LowerCaseSpacedAndRepeated_NormalisedAndDeduplicated()
    {
        var parsed = Parse(" g0016 ,,G0016, c0024", "FINANCIAL,financial", " Hybrid ", "Relevance");

        Assert.Empty(parsed.Errors);
        Assert.Equal(["G0016", "C0024"], parsed.State.Actors);
        Assert.Equal(["financial"], parsed.State.Sectors);
        Assert.Equal(("hybrid", MatrixColouring.ActorRelevance), (parsed.State.Mode, parsed.State.Colouring));
    }

    [Theory]
    [InlineData("G9999", "is not a group or campaign of enterprise-attack@18.1")] // well formed, not in the release
    [InlineData("APT29", "is not an ATT&CK group or campaign ID (G0016, C0024)")] // a name is not an ID
    [InlineData("T1059", "is not an ATT&CK group or campaign ID (G0016, C0024)")] // a technique ID
    [InlineData("<script>alert(1)</script>", "is not an ATT&CK group or campaign ID (G0016, C0024)")] // kept as text; the page renders it escaped
    public void Parse_BadActorBesideValidOne_ErrorNamesParameterAndValueAndValidOneKept(string bad, string reason)
    {
        var parsed = Parse($"G0016,{bad}");

        Assert.Equal(["G0016"], parsed.State.Actors);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(("actors", bad, reason), (error.Parameter, error.Value, error.Reason));
        Assert.Equal($"URL parameter actors: '{bad}' {reason}", error.Text);
    }

    [Fact]
    public void Parse_UnknownSectorModeAndColouring_EachReportedAndDefaultsKept()
    {
        var parsed = Parse("G0007", "banking,government", "everything", "rainbow");

        Assert.Equal(["sectors", "mode", "colouring"], parsed.Errors.Select(e => e.Parameter));
        Assert.Equal(["banking", "everything", "rainbow"], parsed.Errors.Select(e => e.Value));
        Assert.Contains("(financial, government)", parsed.Errors[0].Reason);
        Assert.Equal(["government"], parsed.State.Sectors);
        Assert.Equal(("actor", MatrixColouring.Coverage), (parsed.State.Mode, parsed.State.Colouring));
        Assert.Equal(["G0007"], parsed.State.Actors);
    }

    [Fact]
    public void Parse_LongValue_ShortenedInError()
    {
        var parsed = Parse(new string('x', 500));

        Assert.Equal(new string('x', 40) + "…", Assert.Single(parsed.Errors).Value);
    }

    [Fact]
    public void Parse_MoreIdsThanCap_FirstCapReadAndOneErrorSaysSo()
    {
        // Fifty valid IDs, then one more valid ID that lies beyond the cap.
        var ids = Enumerable.Repeat("G0016", ThreatsUrl.MaxItemsPerParameter).Append("G0007");

        var parsed = Parse(string.Join(',', ids));

        Assert.Equal(["G0016"], parsed.State.Actors);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(("actors", $"{ThreatsUrl.MaxItemsPerParameter + 1} items"), (error.Parameter, error.Value));
        Assert.Contains($"only the first {ThreatsUrl.MaxItemsPerParameter} are read", error.Reason);
    }

    [Fact]
    public void Format_FullState_SortedListsWithReadableCommas()
    {
        var url = ThreatsUrl.Format(new ThreatsUrlState
        {
            Actors = ["G0016", "C0024", "G0007"], Sectors = ["government", "financial"], Mode = "hybrid", Colouring = MatrixColouring.ActorRelevance,
        });

        Assert.Equal("threats?actors=C0024,G0007,G0016&sectors=financial,government&mode=hybrid&colouring=relevance", url);
    }

    [Fact]
    public void Format_Defaults_BarePath()
    {
        Assert.Equal("threats", ThreatsUrl.Format(new ThreatsUrlState()));
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var state = new ThreatsUrlState { Actors = ["C0024", "G0016"], Sectors = ["financial"], Mode = "sector", Colouring = MatrixColouring.Exposure };

        var query = ThreatsUrl.ToQuery(state);
        var parsed = ThreatsUrl.Parse(query, Profiles, Tags, Collection);

        Assert.Empty(parsed.Errors);
        Assert.Equal(query, ThreatsUrl.ToQuery(parsed.State));
    }

    [Fact]
    public void DemoProfile_Enterprise181_EveryActorIsAGroupOfTheRelease()
    {
        var tags = ThreatTags.Merge([], Enterprise181.SelectMany(p => p.Sectors));
        var query = new ThreatsUrlQuery(string.Join(',', ThreatsDemoProfile.Actors), null, null, null);

        var parsed = ThreatsUrl.Parse(query, Enterprise181, tags, Collection);

        Assert.Empty(parsed.Errors);
        Assert.Equal(ThreatsDemoProfile.Actors, parsed.State.Actors);
        Assert.Equal("threats?actors=G0016,G0046,G0102,G0125", ThreatsDemoProfile.Href);
    }
}
