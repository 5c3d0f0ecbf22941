namespace Tessera.Core.Incidents;

/// <summary>
/// Removes associations at one of three levels: a whole source (<see cref="Tactic"/> null), one tactic of a
/// source (<see cref="TechniqueId"/> null), or one technique under one tactic. Removal deletes the rows of every
/// origin; a derived origin whose evidence remains comes back on its next roll-up.
/// </summary>
public sealed record AssociationRemoval(string SourceKey, string? Tactic = null, string? TechniqueId = null)
{
    public string Level => Tactic is null ? "source" : TechniqueId is null ? "tactic" : "technique";

    public bool Matches(AssociationTarget target) =>
        string.Equals(target.SourceKey, SourceKey, StringComparison.OrdinalIgnoreCase)
        && (Tactic is null || target.Tactic == Tactic)
        && (TechniqueId is null || string.Equals(target.TechniqueId, TechniqueId, StringComparison.OrdinalIgnoreCase));
}
