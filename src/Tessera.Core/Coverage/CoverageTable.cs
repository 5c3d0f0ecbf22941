using System.Globalization;

namespace Tessera.Core.Coverage;

/// <summary>The per-technique table that CSV and XLSX exports share: a header row and one row per technique.</summary>
public static class CoverageTable
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "technique", "name", "tactics", "state", "rolled_up", "priority", "in_collection", "rules", "validated_rules",
        "failing_rules", "test_runs", "last_tested", "owners", "missing_data",
    ];

    /// <summary>Rows for every collection technique then every unknown ID (flagged in_collection = no).</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(CoverageReport report) =>
        report.Techniques.Concat(report.UnknownTechniques).Select(t =>
        {
            var rules = t.AllRules;
            return (IReadOnlyList<string>)
            [
                t.Id.Value, t.Name, string.Join(";", t.Tactics), t.State.Slug(), YesNo(t.RolledUp), YesNo(t.IsPriority), YesNo(t.InCollection),
                rules.Count.ToString(CultureInfo.InvariantCulture),
                rules.Count(r => r.State == RuleState.Validated).ToString(CultureInfo.InvariantCulture),
                rules.Count(r => r.State == RuleState.Failing).ToString(CultureInfo.InvariantCulture),
                t.TestRuns.ToString(CultureInfo.InvariantCulture),
                t.LastTested?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                string.Join(";", t.Owners),
                string.Join(";", rules.SelectMany(r => r.MissingData).Distinct(StringComparer.Ordinal)),
            ];
        });

    private static string YesNo(bool value) => value ? "yes" : "no";
}
