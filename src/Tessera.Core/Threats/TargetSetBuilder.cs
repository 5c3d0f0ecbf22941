using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>
/// Builds prioritized target sets from threat profiles. A technique's weight is the sum, over the selected
/// actors that use it, of a recency factor <c>0.5^(age / half-life)</c> (1 for a use reported now, 0.5 one
/// half-life ago; undated uses count <see cref="TargetSetOptions.UndatedFactor"/>; future dates count 1). So
/// techniques many actors used recently rank first. Stateless apart from its settings; safe to share.
/// </summary>
public sealed class TargetSetBuilder
{
    private readonly TimeProvider _time;
    private readonly AttackCollection? _release;
    private readonly TargetSetOptions _options;

    /// <param name="time">Clock the recency decay is measured against.</param>
    /// <param name="release">When given, technique names are filled in and IDs it lacks are flagged.</param>
    /// <param name="options">Half-life and undated weight; <see cref="TargetSetOptions.Default"/> when null.</param>
    public TargetSetBuilder(TimeProvider time, AttackCollection? release = null, TargetSetOptions? options = null)
    {
        _time = time;
        _release = release;
        _options = options ?? TargetSetOptions.Default;
        if (_options.HalfLife <= TimeSpan.Zero || _options.UndatedFactor is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HalfLife must be positive and UndatedFactor within [0, 1]");
        }
    }

    /// <summary>The target set of the actors the user picked (duplicates by ID are counted once).</summary>
    public TargetSet BuildActorTargeted(IEnumerable<ThreatProfile> actors) => Build(TargetSetKind.ActorTargeted, actors);

    /// <summary>The target set of every profile in <paramref name="library"/> that <paramref name="filter"/> matches.</summary>
    public TargetSet BuildSector(IEnumerable<ThreatProfile> library, TagFilter filter) =>
        Build(TargetSetKind.Sector, library.Where(filter.Matches));

    /// <summary>The union of the picked actors and the sector-matched profiles, each actor counted once.</summary>
    public TargetSet BuildHybrid(IEnumerable<ThreatProfile> actors, IEnumerable<ThreatProfile> library, TagFilter filter) =>
        Build(TargetSetKind.Hybrid, actors.Concat(library.Where(filter.Matches)));

    private TargetSet Build(TargetSetKind kind, IEnumerable<ThreatProfile> profiles)
    {
        var asOf = _time.GetUtcNow();
        var actors = profiles.DistinctBy(p => p.Id, StringComparer.Ordinal).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var uses = new Dictionary<TechniqueId, List<ActorUse>>();
        foreach (var actor in actors)
        {
            foreach (var technique in actor.Techniques)
            {
                if (!uses.TryGetValue(technique.Id, out var list))
                {
                    uses[technique.Id] = list = [];
                }

                list.Add(new ActorUse(actor.Id, actor.Name, technique.LastSeen, Recency(technique.LastSeen, asOf)));
            }
        }

        var max = 0.0;
        var weighted = new List<(TechniqueId Id, double Weight, List<ActorUse> Actors)>(uses.Count);
        foreach (var (id, list) in uses)
        {
            var weight = list.Sum(u => u.Contribution);
            max = Math.Max(max, weight);
            weighted.Add((id, weight, list));
        }

        var techniques = weighted
            .OrderByDescending(w => w.Weight).ThenByDescending(w => w.Actors.Count).ThenBy(w => w.Id)
            .Select(w =>
            {
                var known = _release?.FindTechnique(w.Id);
                return new TargetTechnique
                {
                    Id = w.Id, Name = known?.Name, KnownInRelease = _release is null || known is not null,
                    Weight = w.Weight, Relevance = max > 0 ? w.Weight / max : 0, Actors = w.Actors,
                };
            })
            .ToList();
        return new TargetSet { Kind = kind, Actors = actors, Techniques = techniques, AsOf = asOf, Options = _options };
    }

    private double Recency(DateTimeOffset? lastSeen, DateTimeOffset asOf)
    {
        if (lastSeen is not { } seen)
        {
            return _options.UndatedFactor;
        }

        var age = asOf - seen;
        return age <= TimeSpan.Zero ? 1 : Math.Pow(0.5, age / _options.HalfLife);
    }
}
