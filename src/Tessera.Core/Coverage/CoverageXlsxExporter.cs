namespace Tessera.Core.Coverage;

/// <summary>Coverage as an .xlsx workbook: a "Techniques" sheet (<see cref="CoverageTable"/>) and a "By tactic" summary.</summary>
public static class CoverageXlsxExporter
{
    public static void Write(CoverageReport report, Stream output)
    {
        IReadOnlyList<string> summaryHeader = ["tactic", "validated", "rule_exists", "failing", "no_data", "gap", "total", "validated_percent"];
        var summary = report.ByTactic.Select(c => (IReadOnlyList<string>)
        [
            c.Key, .. new[] { c.Validated, c.RuleExists, c.Failing, c.NoData, c.Gap, c.Total }.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            c.ValidatedPercent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        ]);
        XlsxWriter.Write(output,
        [
            ("Techniques", new[] { CoverageTable.Header }.Concat(CoverageTable.Rows(report))),
            ("By tactic", new[] { summaryHeader }.Concat(summary)),
        ]);
    }
}
