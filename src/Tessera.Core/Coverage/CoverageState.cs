namespace Tessera.Core.Coverage;

/// <summary>
/// Coverage of a technique. There is deliberately no "assumed covered": a rule that was never shown to fire is
/// <see cref="RuleExists"/>, never <see cref="Validated"/>.
/// </summary>
public enum CoverageState
{
    /// <summary>Data source present, rule enabled, and a passing validation within its cadence.</summary>
    Validated,

    /// <summary>An enabled rule with data, but untested or its passing validation is stale.</summary>
    RuleExists,

    /// <summary>The latest validation of the rules with data failed.</summary>
    Failing,

    /// <summary>Enabled rules exist but the data they need is missing or dropped.</summary>
    NoData,

    /// <summary>No enabled rule.</summary>
    Gap,
}

public static class CoverageStates
{
    /// <summary>All states, best first (the order a technique's rules are ranked in).</summary>
    public static IReadOnlyList<CoverageState> All { get; } =
        [CoverageState.Validated, CoverageState.Failing, CoverageState.RuleExists, CoverageState.NoData, CoverageState.Gap];

    /// <summary>CSS class (wwwroot/tessera.css) and API name: validated, rule, failing, nodata, gap.</summary>
    public static string Slug(this CoverageState state) => state switch
    {
        CoverageState.Validated => "validated",
        CoverageState.RuleExists => "rule",
        CoverageState.Failing => "failing",
        CoverageState.NoData => "nodata",
        _ => "gap",
    };

    public static string Label(this CoverageState state) => state switch
    {
        CoverageState.Validated => "Validated",
        CoverageState.RuleExists => "Rule exists (untested or stale)",
        CoverageState.Failing => "Failing",
        CoverageState.NoData => "No data",
        _ => "Gap",
    };

    /// <summary>Colour for layers and exports, the same as the dashboard's.</summary>
    public static string Color(this CoverageState state) => state switch
    {
        CoverageState.Validated => "#1a7f37",
        CoverageState.RuleExists => "#9ec5fe",
        CoverageState.Failing => "#d1242f",
        CoverageState.NoData => "#bf8700",
        _ => "#eaeef2",
    };

    public static bool TryParse(string? text, out CoverageState state)
    {
        foreach (var s in Enum.GetValues<CoverageState>())
        {
            if (string.Equals(text, s.Slug(), StringComparison.OrdinalIgnoreCase) || string.Equals(text, s.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }

        state = CoverageState.Gap;
        return false;
    }

    /// <summary>Rank for "best state wins" (lower is better): validated, failing, rule, no data, gap.</summary>
    internal static int Rank(this CoverageState state) => state switch
    {
        CoverageState.Validated => 0,
        CoverageState.Failing => 1,
        CoverageState.RuleExists => 2,
        CoverageState.NoData => 3,
        _ => 4,
    };
}
