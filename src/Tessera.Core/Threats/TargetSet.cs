using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>How the actors behind a <see cref="TargetSet"/> were chosen.</summary>
public enum TargetSetKind
{
    /// <summary>The actors the user picked.</summary>
    ActorTargeted,

    /// <summary>Every profile tagged with the chosen sectors/regions.</summary>
    Sector,

    /// <summary>The union of both.</summary>
    Hybrid,
}

/// <summary>A profile's part in one technique's weight.</summary>
/// <param name="Contribution">Recency factor in (0, 1]: 1 for a use reported at the evaluation time.</param>
public sealed record ActorUse(string ProfileId, string ProfileName, DateTimeOffset? LastSeen, double Contribution);

/// <summary>One technique of a target set with its weight and the actors that use it.</summary>
public sealed record TargetTechnique
{
    public required TechniqueId Id { get; init; }

    /// <summary>Name in the release given to the builder, or null when it lacks the ID (or none was given).</summary>
    public string? Name { get; init; }

    /// <summary>False when a release was given and does not contain the ID (e.g. a v19 ID against 18.1): kept and flagged.</summary>
    public bool KnownInRelease { get; init; } = true;

    /// <summary>Σ over actors of use × recency decay (see <see cref="TargetSet.Formula"/>).</summary>
    public required double Weight { get; init; }

    /// <summary><see cref="Weight"/> divided by the set's largest weight, in (0, 1]: the "actor relevance" of priority scores.</summary>
    public required double Relevance { get; init; }

    public required IReadOnlyList<ActorUse> Actors { get; init; }
}

/// <summary>
/// A prioritized target set: the techniques used by the selected threat profiles, ranked by weight (descending),
/// then number of actors, then ID.
/// </summary>
public sealed record TargetSet
{
    public required TargetSetKind Kind { get; init; }

    /// <summary>The profiles whose techniques were counted, sorted by ID.</summary>
    public required IReadOnlyList<ThreatProfile> Actors { get; init; }

    public required IReadOnlyList<TargetTechnique> Techniques { get; init; }

    /// <summary>The time recency was measured against.</summary>
    public required DateTimeOffset AsOf { get; init; }

    public required TargetSetOptions Options { get; init; }

    /// <summary>The weighting formula with this set's parameters, for display.</summary>
    public string Formula =>
        $"weight(t) = Σ over actors using t of 0.5^(age / {Options.HalfLife.TotalDays:0} days); " +
        $"age = {AsOf:yyyy-MM-dd} − last reported use; undated uses count {Options.UndatedFactor:0.##}";

    /// <summary>The technique entry for an ID, or null when the set does not contain it.</summary>
    public TargetTechnique? Find(TechniqueId id) => Techniques.FirstOrDefault(t => t.Id == id);
}
