using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Model;
using Tessera.Core.Attack;

namespace Tessera.Core.Alerts;

/// <summary>
/// Maps alerts to ATT&amp;CK techniques: analyst library first (exact signature, then near duplicate), vendor
/// technique metadata next, then the learned model combined with decomposition rules and CTID KEV evidence.
/// Thread-safe; build once (see <see cref="AlertMapperFactory"/>) and share.
/// </summary>
public sealed class AlertMapper
{
    /// <summary>Confidence given to techniques analysts confirmed for the same signature.</summary>
    public const double AnalystConfidence = 0.99;
    /// <summary>Confidence given to technique IDs the vendor attached to the alert.</summary>
    public const double VendorConfidence = 0.9;

    // Candidates the model proposes before rules re-rank them; larger lets rule evidence lift lower-ranked ones.
    private const int ModelCandidates = 20;
    private const int ModelTextChars = 2048;

    private readonly TechniqueModel _model;
    private readonly AlertDecomposer _decomposer;
    private readonly AttackCollection _attack;

    public AlertMapper(TechniqueModel model, AlertDecomposer decomposer, AttackCollection attack, AlertLibrary? library = null, double temperature = 0.1,
        double restScore = 0, EvidenceWeights? evidence = null, ConfidenceMap? confidence = null)
    {
        Evidence = evidence ?? EvidenceWeights.Unit;
        ConfidenceMap = confidence ?? ConfidenceMap.Identity;
        RestScore = restScore;
        _model = model;
        _decomposer = decomposer;
        _attack = attack;
        Library = library;
        Temperature = temperature;
    }

    public AlertLibrary? Library { get; }

    /// <summary>
    /// Factor on the score of a technique ATT&amp;CK lists only for other platforms than the cloud/SaaS/container platform
    /// the title names (1 = no effect). 0.4 was chosen on the dev folds (docs/ALERT-MAPPING.md, round 4).
    /// </summary>
    public double PlatformPenalty { get; init; } = 0.4;

    /// <summary>Names (and 18.1 counterparts) for suggested IDs newer than <see cref="Attack"/>; empty names none.</summary>
    public NewerTechniques Newer { get; init; } = NewerTechniques.Empty;

    /// <summary>Multipliers of rule, KEV and ATT&amp;CK-entity evidence; fitted with <see cref="Temperature"/>.</summary>
    public EvidenceWeights Evidence { get; }

    /// <summary>Isotonic map from softmax probability to observed accuracy on held-out folders; applied to model confidences.</summary>
    public ConfidenceMap ConfidenceMap { get; }

    /// <summary>Softmax temperature applied to combined scores; fitted on held-out data by <see cref="AlertMapperFactory"/>.</summary>
    public double Temperature { get; }

    public TechniqueModel Model => _model;

    public AttackCollection Attack => _attack;

    /// <summary>
    /// Score every technique outside the candidates is assumed to have in the confidence softmax; fitted with
    /// <see cref="Temperature"/>. Higher values leave more probability to "none of the shown techniques".
    /// </summary>
    public double RestScore { get; }

    /// <summary>Same model and library with another temperature and rest score (and evidence weights, when given).</summary>
    public AlertMapper WithCalibration(double temperature, double restScore, EvidenceWeights? evidence = null, ConfidenceMap? confidence = null) =>
        Copy(Library, temperature, restScore, evidence ?? Evidence, confidence ?? ConfidenceMap, PlatformPenalty);

    /// <summary>Same mapper with another <see cref="PlatformPenalty"/> (model selection).</summary>
    public AlertMapper WithPlatformPenalty(double penalty) => Copy(Library, Temperature, RestScore, Evidence, ConfidenceMap, penalty);

    /// <summary>Same model with another (or no) library.</summary>
    public AlertMapper WithLibrary(AlertLibrary? library) => Copy(library, Temperature, RestScore, Evidence, ConfidenceMap, PlatformPenalty);

    // The one copy every With… goes through, so no setting is dropped on the way.
    private AlertMapper Copy(AlertLibrary? library, double temperature, double restScore, EvidenceWeights evidence, ConfidenceMap confidence, double penalty) =>
        new(_model, _decomposer, _attack, library, temperature, restScore, evidence, confidence) { Newer = Newer, PlatformPenalty = penalty };

    /// <summary>Maps one alert to at most <paramref name="top"/> techniques with explanations, parts and summary.</summary>
    public AlertMapping Map(Alert alert, int top = 5) => Run(alert, top, explain: true);

    /// <summary>Technique IDs only, best first (evaluation and bulk paths: skips explanations).</summary>
    public IReadOnlyList<string> Rank(Alert alert, int top = 5)
    {
        var ranked = ScoreModel(alert, _decomposer.Decompose(alert), explain: false);
        if (Library is null && alert.VendorHints.Count == 0)
        {
            // Nothing can outrank or veto the model: skip the suggestion records.
            var ids = new List<string>(Math.Min(top, ranked.Count));
            for (var i = 0; i < ranked.Count && i < top; i++)
            {
                ids.Add(ranked[i].Id);
            }

            return ids;
        }

        return Run(alert, top, explain: false).Techniques.Select(t => t.Id).ToList();
    }

    /// <summary>Each candidate's score split by where it came from: model, rule, KEV and ATT&amp;CK-entity evidence (unweighted); fits use these.</summary>
    internal IReadOnlyList<(string Id, double[] Parts)> ScoreParts(Alert alert) =>
        ScoreModel(alert, _decomposer.Decompose(alert), explain: false).Select(s => (s.Id, s.Parts)).ToList();

    /// <summary>Like <see cref="Map"/> without explanations or summary (confidences are kept).</summary>
    internal AlertMapping MapQuiet(Alert alert, int top) => Run(alert, top, explain: false);

    private AlertMapping Run(Alert alert, int top, bool explain)
    {
        var parts = _decomposer.Decompose(alert);
        var signature = AlertSignature.Normalize(alert.Title);
        var notices = new List<string>();
        if (alert.TitleTruncated)
        {
            notices.Add("title was truncated on ingest");
        }

        var result = new List<TechniqueSuggestion>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var match = Library?.Find(alert.Title);
        if (match is not null)
        {
            rejected.UnionWith(match.Entry.Rejected);
            var last = match.Entry.History.LastOrDefault();
            foreach (var id in match.Entry.Confirmed)
            {
                var why = match.Exact
                    ? $"analyst-confirmed for signature '{match.Entry.Signature}'" + (last is null ? "" : $" (last: {last.Analyst}, {last.Action.ToString().ToLowerInvariant()}, {last.At:yyyy-MM-dd})")
                    : $"analyst-confirmed for a near-duplicate alert '{match.Entry.ExampleTitle}' (similarity {match.Similarity:F2})";
                result.Add(Suggest(id, match.Exact ? AnalystConfidence : Math.Round(0.5 + 0.45 * match.Similarity, 3),
                    match.Exact ? SuggestionOrigin.Analyst : SuggestionOrigin.AnalystSimilar, [why], notices));
            }
        }

        foreach (var hint in alert.VendorHints)
        {
            if (!rejected.Contains(hint.TechniqueId) && result.All(r => r.Id != hint.TechniqueId))
            {
                result.Add(Suggest(hint.TechniqueId, VendorConfidence, SuggestionOrigin.Vendor,
                    [$"vendor metadata {hint.Field} lists {hint.TechniqueId}{(hint.Name is null ? "" : $" ({hint.Name})")}"], notices));
            }
        }

        foreach (var scored in ScoreModel(alert, parts, explain))
        {
            if (result.Count >= top)
            {
                break;
            }

            if (!rejected.Contains(scored.Id) && result.All(r => r.Id != scored.Id))
            {
                result.Add(Suggest(scored.Id, scored.Confidence, SuggestionOrigin.Model, explain ? scored.Explain() : scored.Why, notices));
            }
        }

        return new AlertMapping
        {
            Id = alert.Id,
            Techniques = result.Take(top).ToList(),
            Parts = parts,
            Summary = explain ? AlertDecomposer.Summarize(alert, parts) : "",
            Signature = signature,
            Notices = notices,
        };
    }

    /// <summary>
    /// One candidate while evidence is added: mutable, because every evidence item and the platform check adjust it
    /// (a candidate per evidence item would be most of what ranking allocates).
    /// </summary>
    private sealed class Scored(string id, double modelScore, ModelCandidate? model = null)
    {
        private List<string>? _why;

        public string Id { get; set; } = id;

        public double Score { get; set; } = modelScore;

        /// <summary>The model's own lines are formatted by <see cref="Explain"/> only for suggestions shown.</summary>
        public ModelCandidate? Model { get; } = model;

        /// <summary>Model score, then rule, KEV and ATT&amp;CK-entity evidence before weighting.</summary>
        public double[] Parts { get; } = [modelScore, 0, 0, 0];

        public double Confidence { get; set; }

        /// <summary>Rule, KEV and platform reasons, newest evidence first.</summary>
        public List<string> Why => _why ??= [];

        public List<string> Explain()
        {
            if (Model is null)
            {
                return Why;
            }

            var lines = new List<string>(Why);
            if (Model.Terms.Count > 0)
            {
                lines.Add($"model: words {string.Join(", ", Model.Terms.Select(t => $"'{t}'"))} resemble texts about {Model.TechniqueId}");
            }

            lines.AddRange(Model.Neighbours.Select(n => $"similar to {SourceName(n.Source)} '{n.Text}' ({n.Similarity:F2})"));
            return lines;
        }
    }

    private List<Scored> ScoreModel(Alert alert, AlertParts parts, bool explain)
    {
        var text = alert.Description.Length == 0 ? alert.Title : alert.Title + ". " + alert.Description;
        var candidates = _model.Rank(text.Length > ModelTextChars ? text[..ModelTextChars] : text, ModelCandidates, explain);
        var scored = new Dictionary<string, Scored>(candidates.Count + parts.Evidence.Count, StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            scored[c.TechniqueId] = new Scored(c.TechniqueId, c.Score, explain ? c : null);
        }

        foreach (var e in parts.Evidence)
        {
            var target = Target(Newer.Canonical(e.TechniqueId), scored);
            var (part, multiplier) = e.Origin switch { "kev" => (2, Evidence.Kev), "attack" => (3, Evidence.Attack), _ => (1, Evidence.Rule) };
            var weight = multiplier * e.Weight;
            if (scored.TryGetValue(target, out var s))
            {
                s.Parts[part] += e.Weight;
                s.Score += weight;
                s.Why.Insert(0, e.Reason);
            }
            else
            {
                // Evidence alone: no model score.
                var added = new Scored(target, 0) { Score = weight };
                added.Parts[part] = e.Weight;
                added.Why.Add(e.Reason);
                scored[target] = added;
            }
        }

        if (parts.Platforms.Count > 0 && PlatformPenalty < 1)
        {
            PenaliseOtherPlatforms(parts, scored);
        }

        var ranked = new List<Scored>(scored.Values);
        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        // Softmax over the candidates; every other technique counts with score 0 so confidences stay honest for weak evidence.
        var z = Math.Max(0, _model.Techniques.Count - ranked.Count) * Math.Exp(RestScore / Temperature);
        foreach (var s in ranked)
        {
            z += Math.Exp(s.Score / Temperature);
        }

        foreach (var s in ranked)
        {
            s.Confidence = Math.Round(ConfidenceMap.Apply(Math.Exp(s.Score / Temperature) / z), 4);
        }

        return ranked;
    }

    // A title that names a cloud, SaaS or container platform is about that platform: techniques ATT&CK lists only for
    // others (Modify Registry for "AWS Key Pair Import") keep PlatformPenalty of their score. IDs the release lacks
    // (v19) have no platform list and keep theirs.
    private void PenaliseOtherPlatforms(AlertParts parts, Dictionary<string, Scored> scored)
    {
        var named = parts.Platforms.SelectMany(p => p.Connotation.Split(", ")).ToHashSet(StringComparer.Ordinal);
        foreach (var s in scored.Values)
        {
            if (s.Score > 0 && _attack.FindTechnique(s.Id) is { Platforms.Count: > 0 } t && !t.Platforms.Any(named.Contains))
            {
                s.Score *= PlatformPenalty;
                s.Why.Add($"ATT&CK lists {s.Id} for {string.Join(", ", t.Platforms)}, not {string.Join(" or ", named)} ({string.Join(", ", parts.Platforms.Select(p => p.Name))} in the title)");
            }
        }
    }

    // Evidence for a parent (T1071) strengthens a sub-technique the model already ranks (T1071.001); evidence for a
    // sub-technique replaces a ranked parent, because the rule justifies the more specific ID. Families as the model
    // rolls them up (NewerTechniques.FamilyHead): evidence for T1070 may land on T1685.005, never on T1685.
    private string Target(string evidenceId, Dictionary<string, Scored> scored)
    {
        if (scored.ContainsKey(evidenceId))
        {
            return evidenceId;
        }

        if (Newer.FamilyHead(evidenceId) is not { } head)
        {
            // The best-scored member of this family among the candidates, if any (no LINQ: runs per evidence item).
            Scored? child = null;
            foreach (var s in scored.Values)
            {
                if ((child is null || s.Score > child.Score) && Newer.FamilyHead(s.Id) == evidenceId)
                {
                    child = s;
                }
            }

            return child?.Id ?? evidenceId;
        }

        if (scored.Remove(head, out var parent))
        {
            parent.Id = evidenceId;
            scored[evidenceId] = parent;
        }

        return evidenceId;
    }

    private static string SourceName(TrainingSource source) => source switch
    {
        TrainingSource.Sigma => "Sigma rule",
        TrainingSource.Atomic => "Atomic Red Team test",
        TrainingSource.Kev => "KEV entry",
        TrainingSource.AttackTechnique => "ATT&CK technique",
        TrainingSource.Library => "library entry",
        TrainingSource.CloudMapping => "CTID cloud mapping",
        TrainingSource.AttackDetection => "ATT&CK detection strategy",
        _ => source.ToString(),
    };

    private TechniqueSuggestion Suggest(string id, double confidence, SuggestionOrigin origin, IReadOnlyList<string> why, List<string> notices)
    {
        var technique = _attack.FindTechnique(id);
        var newer = technique is null ? Newer.Find(id) : null;
        if (technique is null && !notices.Any(n => n.StartsWith(id + " ", StringComparison.Ordinal)))
        {
            notices.Add(newer is null
                ? $"{id} is not in ATT&CK {_attack.Info.Version} (newer or unknown ID); shown without a name"
                : $"{id} is not in ATT&CK {_attack.Info.Version}; named by newer Atomic Red Team content"
                  + (newer.SameAsId is null ? "" : $"; in {_attack.Info.Version} it is {newer.SameAsId} {newer.SameAsName}"));
        }

        var name = technique is null ? newer?.Name
            : technique.IsSubtechnique && _attack.FindTechnique(id[..5]) is { } parent ? parent.Name + ": " + technique.Name : technique.Name;
        return new TechniqueSuggestion
        {
            Id = id,
            Name = name,
            SameAs = newer?.SameAsId,
            // A newer ID has the tactics of the loaded release's technique it replaces.
            Tactics = technique?.Tactics ?? (newer?.SameAsId is { } same ? _attack.FindTechnique(same)?.Tactics : null) ?? [],
            Confidence = Math.Clamp(confidence, 0, 1),
            Origin = origin,
            Why = why,
        };
    }
}
