namespace Tessera.Server.Api.Threats;

/// <summary>
/// What a target set is built from: picked ATT&amp;CK groups/campaigns, sector/region tags, and optionally one custom
/// profile from a pasted ID list or a Navigator layer (JSON text). Mode: <c>actor</c> (picked + custom),
/// <c>sector</c> (tag-matched) or <c>hybrid</c> (both).
/// </summary>
public sealed record ThreatSelection
{
    public string Mode { get; init; } = "actor";
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public string? CustomName { get; init; }
    public string? CustomIds { get; init; }
    public string? LayerJson { get; init; }
}
