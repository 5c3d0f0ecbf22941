namespace Tessera.Core.Navigator;

/// <summary>Per-read collector of issues and upgrade notes; one instance per <see cref="LayerReader"/> call.</summary>
internal sealed class LayerReadSession
{
    public List<LayerIssue> Issues { get; } = [];

    public List<LayerUpgrade> Upgrades { get; } = [];

    public int ErrorCount { get; private set; }

    public void Error(LayerIssueCode code, string path, string message)
    {
        ErrorCount++;
        Issues.Add(new LayerIssue(LayerIssueSeverity.Error, code, path, message));
    }

    public void Warning(LayerIssueCode code, string path, string message) =>
        Issues.Add(new LayerIssue(LayerIssueSeverity.Warning, code, path, message));

    public void Upgrade(string path, string change) => Upgrades.Add(new LayerUpgrade(path, change));
}
