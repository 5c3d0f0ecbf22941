using Tessera.Core.Attack;

namespace Tessera.Core.Navigator;

/// <summary>
/// Checks a layer against one loaded ATT&amp;CK release. Nothing is removed: techniques the release lacks
/// (e.g. v19 IDs such as T1685 against 18.1), revoked ones and technique/tactic pairs that do not exist
/// are reported as warnings naming the JSON path, and stay in the layer.
/// </summary>
public static class LayerValidator
{
    /// <summary>
    /// Validates <paramref name="layer"/>; <paramref name="pathPrefix"/> is prepended to paths (e.g. "[1]" for the
    /// second layer of a multi-layer file). Returns every finding; never throws for unknown content.
    /// </summary>
    public static LayerValidationResult Validate(Layer layer, AttackCollection collection, string pathPrefix = "")
    {
        var issues = new List<LayerIssue>();
        var unknown = new List<TechniqueId>();
        var info = collection.Info;
        if (layer.Domain != info.Domain.ToStixName())
        {
            Add(LayerIssueCode.DomainMismatch, "domain", $"layer domain '{layer.Domain}' differs from the collection's '{info.Domain.ToStixName()}'");
        }

        if (layer.Versions.Attack is { } attack && Major(attack) != Major(info.Version))
        {
            Add(LayerIssueCode.AttackVersionMismatch, "versions.attack", $"layer made for ATT&CK {attack}, checked against {info.Version}");
        }

        var tactics = collection.Tactics.Where(t => t.IsActive).Select(t => t.ShortName).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < layer.Techniques.Count; i++)
        {
            var entry = layer.Techniques[i];
            var at = $"techniques[{i}]";
            var technique = collection.FindTechnique(entry.TechniqueId);
            if (technique is null)
            {
                unknown.Add(entry.TechniqueId);
                Add(LayerIssueCode.UnknownTechnique, at + ".techniqueID", $"{entry.TechniqueId} is not in {info.Key} (newer or custom technique?); kept");
            }
            else if (!technique.IsActive)
            {
                Add(LayerIssueCode.InactiveTechnique, at + ".techniqueID",
                    $"{entry.TechniqueId} ({technique.Name}) is {(technique.Revoked ? "revoked" : "deprecated")} in {info.Key}");
            }

            if (entry.Tactic is not { } tactic)
            {
                continue;
            }

            if (!tactics.Contains(tactic))
            {
                Add(LayerIssueCode.UnknownTactic, at + ".tactic", $"tactic '{tactic}' is not in {info.Key}");
            }
            else if (technique is not null && !technique.Tactics.Contains(tactic, StringComparer.Ordinal))
            {
                Add(LayerIssueCode.TacticMismatch, at + ".tactic",
                    $"{entry.TechniqueId} is not under '{tactic}' in {info.Key} (it is under {string.Join(", ", technique.Tactics)})");
            }
        }

        return new LayerValidationResult
        {
            Issues = issues,
            UnknownTechniqueIds = unknown.Distinct().ToList(),
            CheckedTechniques = layer.Techniques.Count,
        };

        void Add(LayerIssueCode code, string path, string message) =>
            issues.Add(new LayerIssue(LayerIssueSeverity.Warning, code, JsonObjectView.Child(pathPrefix, path), message));
    }

    private static string Major(string version) => version.Trim().Split('.')[0];
}
