using Tessera.Core.Attack;

namespace Tessera.Core.Alerts.Evaluation;

/// <summary>
/// Accuracy of ranked technique predictions against gold sets.
/// <para>Parent credit (the headline metric): a prediction p matches a gold ID g when p = g, when p is a
/// sub-technique of g (T1059.001 for gold T1059), or when p is the parent of g (T1059 for gold T1059.001).
/// Siblings do not match (T1059.003 for gold T1059.001 is wrong). Exact: p = g only.</para>
/// <para>Top-k: an alert counts as correct when any of the first k predictions matches any of its gold IDs.
/// Alerts with no prediction count as wrong. Accuracy = correct / alerts.</para>
/// <para>Renumbered techniques: given <see cref="NewerTechniques"/>, an ID of a newer release and the loaded release's ID
/// for the same technique are one technique (T1685 matches gold T1562.001 and the reverse), because gold written against
/// either numbering names the same behaviour; every other rule above applies to both forms, and parent credit also
/// follows the loaded release's families (<see cref="NewerTechniques.FamilyHead"/>).</para>
/// </summary>
public static class MappingEvaluator
{
    /// <summary>True when <paramref name="predicted"/> matches <paramref name="gold"/> with parent credit (see class remarks).</summary>
    public static bool MatchesWithParentCredit(string predicted, string gold) =>
        predicted == gold
        || (predicted.Length > 5 && predicted[..5] == gold)
        || (gold.Length > 5 && gold[..5] == predicted);

    /// <summary>As <see cref="MatchesWithParentCredit(string, string)"/>, also trying each ID's other numbering (see class remarks).</summary>
    public static bool MatchesWithParentCredit(string predicted, string gold, NewerTechniques newer) =>
        MatchesWithParentCredit(predicted, gold)
        || (newer.Find(predicted)?.SameAsId is { } p && MatchesWithParentCredit(p, gold))
        || (newer.Find(gold)?.SameAsId is { } g && MatchesWithParentCredit(predicted, g))
        // Parent credit in the loaded release's structure too: T1562 for gold T1686.003, a v19 ID no name explains,
        // whose v19 parent T1686 is 18.1's T1562.004.
        || newer.FamilyHead(gold) == predicted || newer.FamilyHead(predicted) == gold;

    /// <summary>Exact match, also across numberings (see class remarks).</summary>
    public static bool MatchesExactly(string predicted, string gold, NewerTechniques newer) =>
        predicted == gold || newer.Find(predicted)?.SameAsId == gold || newer.Find(gold)?.SameAsId == predicted;

    /// <summary>
    /// Evaluates one ranking per alert; <paramref name="predict"/> returns IDs best first. <paramref name="newer"/> (none by
    /// default) lets a prediction in one numbering match gold in the other.
    /// </summary>
    public static EvaluationReport Evaluate(IEnumerable<LabelledAlert> alerts, Func<Alert, IReadOnlyList<string>> predict, NewerTechniques? newer = null)
    {
        var counts = new Counts { Newer = newer ?? NewerTechniques.Empty };
        foreach (var a in alerts)
        {
            counts.Add(predict(a.Alert), a.Gold);
        }

        return counts.ToReport();
    }

    internal sealed class Counts
    {
        public int N, Top1, Top5, ExactTop1, ExactTop5;

        public NewerTechniques Newer { get; init; } = NewerTechniques.Empty;

        public bool Add(IReadOnlyList<string> ranked, IReadOnlyList<string> gold)
        {
            N++;
            var top1 = ranked.Count > 0 && gold.Any(g => MatchesWithParentCredit(ranked[0], g, Newer));
            Top1 += top1 ? 1 : 0;
            Top5 += ranked.Take(5).Any(p => gold.Any(g => MatchesWithParentCredit(p, g, Newer))) ? 1 : 0;
            ExactTop1 += ranked.Count > 0 && gold.Any(g => MatchesExactly(ranked[0], g, Newer)) ? 1 : 0;
            ExactTop5 += ranked.Take(5).Any(p => gold.Any(g => MatchesExactly(p, g, Newer))) ? 1 : 0;
            return top1;
        }

        public EvaluationReport ToReport() => new()
        {
            Alerts = N,
            Top1 = Ratio(Top1),
            Top5 = Ratio(Top5),
            ExactTop1 = Ratio(ExactTop1),
            ExactTop5 = Ratio(ExactTop5),
        };

        private double Ratio(int x) => N == 0 ? 0 : x / (double)N;
    }
}

/// <summary>Accuracies in [0,1]; see <see cref="MappingEvaluator"/> for the definitions.</summary>
public sealed record EvaluationReport
{
    public required int Alerts { get; init; }
    public required double Top1 { get; init; }
    public required double Top5 { get; init; }
    public required double ExactTop1 { get; init; }
    public required double ExactTop5 { get; init; }

    public override string ToString() =>
        $"n={Alerts} top1={Top1:F3} top5={Top5:F3} exact-top1={ExactTop1:F3} exact-top5={ExactTop5:F3}";
}
