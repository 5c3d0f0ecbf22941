namespace Tessera.Core.Coverage;

/// <summary>
/// Dashboard and API filters. <see cref="Owner"/> and <see cref="DataSource"/> select which rules count (coverage
/// "by owner" is the coverage that owner's rules give); <see cref="Tactic"/>, <see cref="Platform"/> and
/// <see cref="State"/> select which techniques are listed.
/// </summary>
public sealed record CoverageFilter
{
    public string? Tactic { get; init; }
    public string? Platform { get; init; }

    /// <summary>Substring of a rule's data source labels (<c>WinEventLog:Security</c>, <c>Process Creation</c> …).</summary>
    public string? DataSource { get; init; }
    public string? Owner { get; init; }
    public CoverageState? State { get; init; }

    public static CoverageFilter None { get; } = new();

    public bool SelectsRules => !string.IsNullOrWhiteSpace(DataSource) || !string.IsNullOrWhiteSpace(Owner);

    public bool Matches(TechniqueCoverage technique) =>
        (string.IsNullOrWhiteSpace(Tactic) || technique.Tactics.Contains(Tactic, StringComparer.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(Platform) || technique.Platforms.Contains(Platform, StringComparer.OrdinalIgnoreCase))
        && (State is null || technique.State == State);
}
