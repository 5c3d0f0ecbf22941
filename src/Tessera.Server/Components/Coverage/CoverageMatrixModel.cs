using Tessera.Core.Coverage;

namespace Tessera.Server.Components.Coverage;

/// <summary>One matrix column: a tactic, its counts, and its technique cells (parents with their matching sub-techniques).</summary>
public sealed record MatrixColumn(string Tactic, CoverageCounts Counts, IReadOnlyList<MatrixCell> Cells);

public sealed record MatrixCell(TechniqueCoverage Technique, IReadOnlyList<TechniqueCoverage> Subtechniques);

/// <summary>Lays a coverage report out as an ATT&amp;CK matrix, applying the listing filters (tactic, platform, state).</summary>
public static class CoverageMatrixModel
{
    public static IReadOnlyList<MatrixColumn> Build(CoverageReport report, IReadOnlyList<string> tacticOrder, CoverageFilter filter)
    {
        var subs = report.Techniques.Where(t => t.IsSubtechnique).ToLookup(t => t.Id.Parent.Value);
        var columns = new List<MatrixColumn>();
        foreach (var tactic in tacticOrder)
        {
            if (!string.IsNullOrWhiteSpace(filter.Tactic) && !string.Equals(filter.Tactic, tactic, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var cells = new List<MatrixCell>();
            foreach (var parent in report.Techniques.Where(t => !t.IsSubtechnique && t.Tactics.Contains(tactic)).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var matchingSubs = subs[parent.Id.Value].Where(filter.Matches).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
                if (filter.Matches(parent) || matchingSubs.Count > 0)
                {
                    cells.Add(new MatrixCell(parent, matchingSubs));
                }
            }

            var counts = report.ByTactic.FirstOrDefault(c => c.Key == tactic) ?? new CoverageCounts { Key = tactic };
            if (cells.Count > 0)
            {
                columns.Add(new MatrixColumn(tactic, counts, cells));
            }
        }

        return columns;
    }

    /// <summary>Tactic short name as a heading: <c>credential-access</c> → <c>Credential Access</c>.</summary>
    public static string Heading(string shortName) =>
        string.Join(' ', shortName.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
