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

    /// <summary>True when tactic, platform or state narrows the technique listing.</summary>
    public bool SelectsTechniques => !string.IsNullOrWhiteSpace(Tactic) || !string.IsNullOrWhiteSpace(Platform) || State is not null;

    /// <summary>The listing criteria in words ("tactic execution, state gap"), for export descriptions.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        string.IsNullOrWhiteSpace(Tactic) ? null : $"tactic {Tactic.Trim()}",
        string.IsNullOrWhiteSpace(Platform) ? null : $"platform {Platform.Trim()}",
        State is { } state ? $"state {state.Slug()}" : null,
        string.IsNullOrWhiteSpace(DataSource) ? null : $"data source {DataSource.Trim()}",
        string.IsNullOrWhiteSpace(Owner) ? null : $"owner {Owner.Trim()}",
    }.Where(p => p is not null));

    public bool Matches(TechniqueCoverage technique) =>
        (string.IsNullOrWhiteSpace(Tactic) || technique.Tactics.Contains(Tactic, StringComparer.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(Platform) || technique.Platforms.Contains(Platform, StringComparer.OrdinalIgnoreCase))
        && (State is null || technique.State == State);
}
