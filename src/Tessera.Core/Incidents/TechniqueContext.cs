using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// Threat-intel context for a technique detail page: the technique, its tactics, and the groups and software
/// known to use it with their procedure examples (relationship descriptions). Incidents-local until the shared
/// ATT&amp;CK queries land on main.
/// </summary>
public sealed record TechniqueContext
{
    public required Technique Technique { get; init; }
    public required IReadOnlyList<string> Tactics { get; init; }
    public required IReadOnlyList<ProcedureExample> Groups { get; init; }
    public required IReadOnlyList<ProcedureExample> Software { get; init; }
    public Technique? Parent { get; init; }
    public IReadOnlyList<Technique> Subtechniques { get; init; } = [];

    /// <summary>The context of <paramref name="techniqueId"/> in <paramref name="collection"/>, or null when the release lacks it.</summary>
    public static TechniqueContext? Of(AttackCollection collection, string techniqueId)
    {
        if (collection.FindTechnique(techniqueId) is not { } technique)
        {
            return null;
        }

        var users = collection.RelationshipsTo(technique.StixId).Where(r => r.Type == "uses" && !r.Revoked && !r.Deprecated).ToList();
        return new TechniqueContext
        {
            Technique = technique,
            Tactics = technique.Tactics.Select(s => collection.Tactics.FirstOrDefault(t => t.ShortName == s)?.Name ?? s).ToList(),
            Groups = Examples<Group>(collection, users),
            Software = Examples<Software>(collection, users),
            Parent = technique.IsSubtechnique ? collection.FindTechnique(technique.Id.Parent) : null,
            Subtechniques = technique.IsSubtechnique ? [] : collection.Techniques
                .Where(t => t.IsActive && t.IsSubtechnique && t.AttackId.StartsWith(technique.AttackId + ".", StringComparison.Ordinal)).ToList(),
        };
    }

    private static IReadOnlyList<ProcedureExample> Examples<T>(AttackCollection collection, IEnumerable<Relationship> uses) where T : AttackObject =>
        uses.Select(r => (User: collection.FindByStixId<T>(r.SourceRef), r.Description))
            .Where(x => x.User is { IsActive: true })
            .Select(x => new ProcedureExample(x.User!.AttackId, x.User.Name, x.Description))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
}

/// <summary>A group or software using a technique, and how (the procedure text, with ATT&amp;CK's citation markers).</summary>
public sealed record ProcedureExample(string Id, string Name, string Procedure);
