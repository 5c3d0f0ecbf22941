using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// Threat-intel context for a technique detail page: the technique, its tactics, and the groups and software
/// known to use it with their procedure examples (relationship descriptions), read through the shared ATT&amp;CK queries
/// (<see cref="AttackQueries.ProcedureExamples"/>, <see cref="AttackQueries.ParentOf"/>, <see cref="AttackQueries.Subtechniques"/>).
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

        var examples = collection.ProcedureExamples(technique);
        return new TechniqueContext
        {
            Technique = technique,
            Tactics = technique.Tactics.Select(s => collection.FindTactic(s)?.Name ?? s).ToList(),
            Groups = Flatten(examples.Where(p => p.User is Group)),
            Software = Flatten(examples.Where(p => p.User is Software)),
            Parent = collection.ParentOf(technique),
            Subtechniques = collection.Subtechniques(technique),
        };
    }

    // The page and the API show ID, name and text; the shared query's citations and full objects stay out of the JSON.
    private static IReadOnlyList<ProcedureExample> Flatten(IEnumerable<Attack.ProcedureExample> examples) =>
        examples.Select(p => new ProcedureExample(p.User.AttackId, p.User.Name, p.Description)).ToList();
}

/// <summary>A group or software using a technique, and how (the procedure text, with ATT&amp;CK's citation markers).</summary>
public sealed record ProcedureExample(string Id, string Name, string Procedure);
