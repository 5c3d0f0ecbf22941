using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// Checks an analyst's pick against the chosen ATT&amp;CK release: the tactic exists there, the technique exists,
/// is neither revoked nor deprecated in that version, and belongs to the tactic. Collects every error.
/// </summary>
public static class AssociationValidator
{
    /// <summary>
    /// Returns the targets to store, or (when <c>Errors</c> is not empty) the problems found, each naming its
    /// field under <paramref name="field"/>; callers must store nothing when there is any error.
    /// </summary>
    public static (IReadOnlyList<AssociationTarget> Targets, IReadOnlyList<IncidentError> Errors) Validate(
        AttackCollection collection, AssociationRequest request, string field = "")
    {
        var targets = new List<AssociationTarget>();
        var errors = new List<IncidentError>();
        var key = collection.Info.Key;
        var tactics = collection.Tactics.Where(t => t.IsActive).Select(t => t.ShortName).ToHashSet(StringComparer.Ordinal);
        if (request.Tactics.Count == 0)
        {
            errors.Add(new IncidentError("no-tactics", "Pick at least one tactic.", $"{field}tactics"));
        }

        for (var i = 0; i < request.Tactics.Count; i++)
        {
            var selection = request.Tactics[i];
            var tacticField = $"{field}tactics[{i}]";
            // A short name in any case, or the tactic's ID (TA0001), as every tactic filter takes; stored as the short name.
            var tactic = selection.Tactic?.Trim().ToLowerInvariant() ?? "";
            if (!tactics.Contains(tactic) && collection.FindTactic(tactic) is { IsActive: true } byId)
            {
                tactic = byId.ShortName;
            }

            if (!tactics.Contains(tactic))
            {
                errors.Add(new IncidentError("unknown-tactic",
                    $"'{Text.Echo.Clip(selection.Tactic ?? "", 64)}' is not a tactic of {key}; name one by short name (initial-access) or ID (TA0001).", tacticField + ".tactic"));
                continue;
            }

            if (selection.Techniques.Count == 0)
            {
                targets.Add(new AssociationTarget(key, tactic, ""));
            }

            for (var j = 0; j < selection.Techniques.Count; j++)
            {
                var text = selection.Techniques[j];
                var techniqueField = $"{tacticField}.techniques[{j}]";
                if (Check(collection, tactic, text, techniqueField) is { } error)
                {
                    errors.Add(error);
                }
                else
                {
                    targets.Add(new AssociationTarget(key, tactic, TechniqueId.Parse(text).Value));
                }
            }
        }

        return (targets.Distinct().ToList(), errors);
    }

    private static IncidentError? Check(AttackCollection collection, string tactic, string? text, string field)
    {
        var version = collection.Info.Key;
        if (!TechniqueId.TryParse(text, out var id))
        {
            return new IncidentError("malformed-technique", $"'{text}' is not a technique ID (expected T1234 or T1234.567).", field);
        }

        var technique = collection.FindTechnique(id);
        if (technique is null)
        {
            return new IncidentError("unknown-technique", $"{id} does not exist in {version}.", field);
        }

        if (technique.Revoked)
        {
            return new IncidentError("revoked-technique", $"{id} ({technique.Name}) is revoked in {version}; pick its replacement.", field);
        }

        if (technique.Deprecated)
        {
            return new IncidentError("deprecated-technique", $"{id} ({technique.Name}) is deprecated in {version}.", field);
        }

        return technique.Tactics.Contains(tactic, StringComparer.Ordinal)
            ? null
            : new IncidentError("technique-not-in-tactic",
                $"{id} ({technique.Name}) is not in tactic '{tactic}'; it belongs to {string.Join(", ", technique.Tactics)}.", field);
    }

    /// <summary>
    /// Places rolled-up technique IDs in a source: one target per tactic of each known, active technique; IDs the
    /// source lacks (newer releases), revoked or deprecated ones are kept with an empty tactic so nothing is lost.
    /// Malformed IDs are dropped (evidence input is validated before it is stored).
    /// </summary>
    public static IReadOnlyList<AssociationTarget> Place(AttackCollection collection, IEnumerable<string> techniqueIds)
    {
        var key = collection.Info.Key;
        var targets = new HashSet<AssociationTarget>();
        foreach (var text in techniqueIds)
        {
            if (!TechniqueId.TryParse(text, out var id))
            {
                continue;
            }

            var technique = collection.FindTechnique(id);
            if (technique is null || !technique.IsActive || technique.Tactics.Count == 0)
            {
                targets.Add(new AssociationTarget(key, "", id.Value));
                continue;
            }

            foreach (var tactic in technique.Tactics)
            {
                targets.Add(new AssociationTarget(key, tactic, id.Value));
            }
        }

        return targets.ToList();
    }
}
