namespace Tessera.Core.Alerts;

/// <summary>
/// How much each kind of decomposition evidence counts against the model's score: hand-written rules (prefixes,
/// activities, products), CTID KEV mappings of a CVE, and ATT&amp;CK groups/software named in the alert. Fitted
/// together with the confidence temperature on held-out rule folders (<see cref="Evaluation.ScoreFit"/>). The mapper
/// picks the multiplier by <see cref="Decomposition.RuleEvidence.Origin"/> ("rule", "kev", "attack").
/// </summary>
public sealed record EvidenceWeights(double Rule = 1, double Kev = 1, double Attack = 1)
{
    public static EvidenceWeights Unit { get; } = new();
}
