using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Evaluation;

namespace Tessera.AlertEval;

/// <summary>
/// Reliability of the first suggestion's confidence: expected calibration error over ten equal-width bins
/// (|accuracy − mean confidence| weighted by bin size; accuracy with parent credit) and the per-bin table.
/// </summary>
internal static class Reliability
{
    public static string Describe(IReadOnlyList<LabelledAlert> alerts, AlertMapper mapper) => Measure(alerts, mapper).Text;

    /// <summary>The expected calibration error and the description <see cref="Describe"/> prints.</summary>
    public static (double Ece, string Text) Measure(IReadOnlyList<LabelledAlert> alerts, AlertMapper mapper)
    {
        var bins = new (int N, double Conf, int Hits)[10];
        foreach (var a in alerts)
        {
            var first = mapper.Map(a.Alert, 1).Techniques.FirstOrDefault();
            if (first is null)
            {
                continue;
            }

            var b = Math.Min(9, (int)(first.Confidence * 10));
            bins[b].N++;
            bins[b].Conf += first.Confidence;
            bins[b].Hits += a.Gold.Any(g => MappingEvaluator.MatchesWithParentCredit(first.Id, g)) ? 1 : 0;
        }

        var total = bins.Sum(b => b.N);
        var ece = bins.Where(b => b.N > 0).Sum(b => Math.Abs(b.Hits / (double)b.N - b.Conf / b.N) * b.N / total);
        var table = string.Join(" ", bins.Select((b, i) => (b, i)).Where(x => x.b.N > 0)
            .Select(x => $"[{x.i / 10.0:F1}-{(x.i + 1) / 10.0:F1}) n={x.b.N} conf={x.b.Conf / x.b.N:F2} acc={x.b.Hits / (double)x.b.N:F2}"));
        return (ece, $"ECE={ece:F3}, mean top-1 confidence {bins.Sum(b => b.Conf) / Math.Max(1, total):F3}; {table}");
    }
}
