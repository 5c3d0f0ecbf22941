using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Incidents;

namespace Tessera.Core.Tests.Incidents;

public sealed class IncidentAlertEvidenceTests
{
    private static AlertMapping Mapping(params (string Id, SuggestionOrigin Origin, double Confidence)[] techniques) => new()
    {
        Id = "a", Summary = "", Signature = "sig", Parts = new AlertParts(),
        Techniques = techniques.Select(t => new TechniqueSuggestion { Id = t.Id, Origin = t.Origin, Confidence = t.Confidence }).ToList(),
    };

    [Fact]
    public void Techniques_AnalystAndVendorAndModel_AnalystTierOnly()
    {
        var mapping = Mapping(("T1505.003", SuggestionOrigin.Analyst, 0.99), ("T1190", SuggestionOrigin.AnalystSimilar, 0.8),
            ("T1059", SuggestionOrigin.Vendor, 0.9), ("T1203", SuggestionOrigin.Model, 0.95));

        Assert.Equal(["T1505.003", "T1190"], IncidentAlertEvidence.Techniques(mapping));
    }

    [Fact]
    public void Techniques_VendorAndConfidentModel_VendorOnly()
    {
        var mapping = Mapping(("T1110", SuggestionOrigin.Vendor, 0.9), ("T1078", SuggestionOrigin.Model, 0.97));

        Assert.Equal(["T1110"], IncidentAlertEvidence.Techniques(mapping));
    }

    [Theory]
    [InlineData(0.95, true)]
    [InlineData(IncidentAlertEvidence.ModelThreshold, true)] // the threshold itself is enough
    [InlineData(0.79, false)]
    public void Techniques_ModelOnly_KeptFromThreshold(double confidence, bool kept)
    {
        var mapping = Mapping(("T1078", SuggestionOrigin.Model, confidence));

        Assert.Equal(kept ? ["T1078"] : [], IncidentAlertEvidence.Techniques(mapping));
    }

    [Fact]
    public void Techniques_NewerIdWithEarlierCounterpart_RecordedUnderTheCounterpart()
    {
        var mapping = Mapping(("T1685", SuggestionOrigin.Analyst, 0.99), ("T1686.003", SuggestionOrigin.Analyst, 0.99));
        mapping = mapping with { Techniques = [mapping.Techniques[0] with { SameAs = "T1562.001" }, mapping.Techniques[1]] };

        Assert.Equal(["T1562.001", "T1686.003"], IncidentAlertEvidence.Techniques(mapping));
    }

    [Fact]
    public void From_UnreadableStoredMapping_NoTechniquesTitleAsRule()
    {
        var record = new Core.Alerts.Triage.AlertRecord
        {
            Id = 7, ExternalId = "evt-9", Source = "elastic", Format = AlertShape.Elastic, Title = "Odd alert", RawJson = "{}",
            ReceivedAt = DateTimeOffset.UnixEpoch, MappingJson = "{not json",
        };

        var evidence = IncidentAlertEvidence.From(3, record);

        Assert.Equal((3L, 7L, "Odd alert", "evt-9"), (evidence.IncidentId, evidence.AlertRecordId!.Value, evidence.Rule, evidence.AlertId));
        Assert.Empty(evidence.Techniques);
    }
}
