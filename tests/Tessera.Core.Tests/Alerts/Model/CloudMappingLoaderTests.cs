using Tessera.Core.Alerts.Model;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Alerts.Model;

public sealed class CloudMappingLoaderTests
{
    private static readonly string Ctid = Path.Combine(SharedData.Path, "ctid");

    [Fact]
    public void Load_SharedStacks_KeepsCommentsAndQuotedAlertNames()
    {
        var notes = new List<string>();

        var docs = CloudMappingLoader.Load(Ctid, notes).ToList();

        Assert.Empty(notes);
        Assert.All(docs, d => Assert.Equal(TrainingSource.CloudMapping, d.Source));
        Assert.True(docs.Count(d => !d.AlertLike) > 500, $"{docs.Count(d => !d.AlertLike)} comment documents");
        // A Sentinel analytic quoted in the Azure mapping for RDP becomes an alert-like text labelled with T1021.001.
        var rdp = Assert.Single(docs, d => d.AlertLike && d.Display == "Anomalous RDP Login Detections");
        Assert.Contains("T1021.001", rdp.Labels);
        // GuardDuty finding types are alert names too.
        Assert.Contains(docs, d => d.AlertLike && d.Display == "Trojan:EC2/DNSDataExfiltration" && d.Labels.Contains("T1048.003"));
        // Boilerplate scoring comments carry no words about the technique and are skipped.
        Assert.DoesNotContain(docs, d => d.Text.Contains("resulting in an overall score", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Load_MissingFolder_SkipsWithANote()
    {
        var notes = new List<string>();

        var docs = CloudMappingLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-ctid-" + Guid.NewGuid()), notes);

        Assert.Empty(docs);
        Assert.Contains("security-stack mappings not found", Assert.Single(notes));
    }
}
