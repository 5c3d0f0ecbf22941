using Tessera.Core.Attack;

namespace Tessera.Server.Components.Pages.Attack;

/// <summary>Everything the technique page shows, gathered once from the collection.</summary>
public sealed record TechniquePageView(
    AttackCollection Collection,
    Technique Technique,
    Technique? Parent,
    IReadOnlyList<Tactic> Tactics,
    IReadOnlyList<Technique> Subtechniques,
    IReadOnlyList<ProcedureExample> Procedures,
    IReadOnlyList<MitigationUse> Mitigations,
    TechniqueDetection Detection,
    IReadOnlyList<Technique> Related)
{
    /// <summary>The view, or null with a message naming why (malformed ID, not in this release).</summary>
    public static (TechniquePageView? View, string Error) Build(AttackCollection collection, string id)
    {
        var lookup = collection.LookupTechnique(id);
        if (lookup.Technique is not { } t)
        {
            return (null, lookup.Status == TechniqueStatus.InvalidId
                ? $"'{id}' is not an ATT&CK technique ID."
                : $"{id} is not in {collection.Info.Name} {collection.Info.Version}.");
        }

        var tactics = t.Tactics.Select(s => collection.FindTactic(s)).OfType<Tactic>().ToList();
        return (new TechniquePageView(collection, t, collection.ParentOf(t), tactics, collection.Subtechniques(t),
            collection.ProcedureExamples(t), collection.Mitigations(t), collection.Detection(t), collection.RelatedTechniques(t)), "");
    }
}
