using System.Text.RegularExpressions;
using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Sigma;

/// <summary>Splits Sigma tags into technique IDs, tactics and other tags.</summary>
internal static partial class SigmaTagClassifier
{
    // attack.g0032 / s0002 / ds0005 / m1047 / c0024 / ta0002: ATT&CK object IDs other than techniques.
    [GeneratedRegex(@"^(g|s|m|c|ds|dc|ta|an|det)\d{4}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OtherAttackId();

    [GeneratedRegex(@"^ta\d{4}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TacticId();

    [GeneratedRegex(@"^t\d", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeTechnique();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex TacticShape();

    public static SigmaTags Classify(
        IReadOnlyList<(string Tag, SourceLocation At)> tags,
        AttackCollection? attack,
        List<DetectionIssue> errors,
        List<DetectionIssue> warnings)
    {
        var techniques = new List<TechniqueId>();
        var tactics = new List<SigmaTactic>();
        var other = new List<string>();
        var knownTactics = attack is null
            ? TacticNames.Enterprise18
            : attack.Tactics.Select(t => t.ShortName).ToHashSet(StringComparer.Ordinal);

        foreach (var (tag, at) in tags)
        {
            if (!tag.StartsWith("attack.", StringComparison.OrdinalIgnoreCase))
            {
                other.Add(tag);
                continue;
            }

            var name = tag["attack.".Length..];
            if (LooksLikeTechnique().IsMatch(name))
            {
                if (!TechniqueId.TryParse(name, out var id))
                {
                    errors.Add(new(DetectionIssueKind.InvalidTechniqueTag,
                        $"tag '{tag}' is not a technique ID (expected attack.tNNNN or attack.tNNNN.NNN)", at));
                }
                else if (!techniques.Contains(id))
                {
                    techniques.Add(id);
                    if (attack is not null && attack.FindTechnique(id) is null)
                    {
                        warnings.Add(new(DetectionIssueKind.UnknownTechnique,
                            $"technique {id} is not in ATT&CK {attack.Info.Key}; kept", at, IssueSeverity.Warning));
                    }
                }
            }
            else if (TacticId().IsMatch(name) && attack?.FindTactic(name) is { } byId)
            {
                // A tactic named by ID (attack.ta0006, attack.TA0043), as every other tactic filter in Tessera accepts:
                // the release's short name, as if the rule had said attack.credential-access.
                AddTactic(byId.ShortName, TacticRecognition.Known);
            }
            else if (OtherAttackId().IsMatch(name) || !TacticShape().IsMatch(name.ToLowerInvariant()))
            {
                // A tactic ID the release lacks (attack.ta9999) was kept without a word, while an unknown technique ID
                // is flagged: flagged the same way (a warning, never a rejection), only when a release is loaded to judge it.
                if (attack is not null && TacticId().IsMatch(name))
                {
                    warnings.Add(new(DetectionIssueKind.UnknownTactic,
                        $"tag '{tag}': tactic {name.ToUpperInvariant()} is not in ATT&CK {attack.Info.Key}; kept as a tag", at, IssueSeverity.Warning));
                }

                other.Add(tag);
            }
            else
            {
                // Short names are lower case in ATT&CK and Sigma; attack.Credential-Access means the same tactic.
                var shortName = name.ToLowerInvariant();
                var recognition = knownTactics.Contains(shortName) ? TacticRecognition.Known
                    : TacticNames.Newer.Contains(shortName) ? TacticRecognition.NewerRelease
                    : TacticRecognition.Unknown;
                if (recognition != TacticRecognition.Known)
                {
                    warnings.Add(new(DetectionIssueKind.UnknownTactic, recognition == TacticRecognition.NewerRelease
                        ? $"tactic '{name}' belongs to a newer ATT&CK release than Enterprise 18; kept"
                        : $"tactic '{name}' is not an Enterprise ATT&CK tactic; kept", at, IssueSeverity.Warning));
                }

                AddTactic(shortName, recognition);
            }
        }

        return new SigmaTags { Techniques = techniques, Tactics = tactics, Other = other, All = tags.Select(t => t.Tag).ToList() };

        void AddTactic(string shortName, TacticRecognition recognition)
        {
            if (!tactics.Exists(t => t.ShortName == shortName))
            {
                tactics.Add(new SigmaTactic(shortName, recognition));
            }
        }
    }
}
