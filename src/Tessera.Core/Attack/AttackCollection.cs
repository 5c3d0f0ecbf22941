using System.Collections.Frozen;

namespace Tessera.Core.Attack;

/// <summary>
/// One loaded ATT&amp;CK release of one domain (e.g. Enterprise 18.1), immutable after construction and
/// indexed for the lookups the product needs. Build it with <see cref="AttackCollectionBuilder"/>
/// (the STIX reader does). Safe to share between threads.
/// </summary>
public sealed class AttackCollection
{
    private readonly FrozenDictionary<string, AttackObject> _byStixId;
    private readonly FrozenDictionary<string, Technique> _techniqueByAttackId;
    private readonly FrozenDictionary<string, IReadOnlyList<Relationship>> _bySource;
    private readonly FrozenDictionary<string, IReadOnlyList<Relationship>> _byTarget;
    private readonly Lazy<AttackIndex> _index;

    internal AttackCollection(CollectionInfo info, IReadOnlyList<AttackObject> objects, IReadOnlyList<Relationship> relationships)
    {
        Info = info;
        _index = new Lazy<AttackIndex>(() => new AttackIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
        Relationships = relationships;
        _byStixId = objects.ToFrozenDictionary(o => o.StixId, StringComparer.Ordinal);
        Matrices = objects.OfType<Matrix>().ToList();
        Tactics = objects.OfType<Tactic>().ToList();
        Techniques = objects.OfType<Technique>().OrderBy(t => t.AttackId, StringComparer.Ordinal).ToList();
        Groups = objects.OfType<Group>().ToList();
        Software = objects.OfType<Software>().ToList();
        Campaigns = objects.OfType<Campaign>().ToList();
        Mitigations = objects.OfType<Mitigation>().ToList();
        DataSources = objects.OfType<DataSource>().ToList();
        DataComponents = objects.OfType<DataComponent>().ToList();
        DetectionStrategies = objects.OfType<DetectionStrategy>().ToList();
        Analytics = objects.OfType<Analytic>().ToList();
        Assets = objects.OfType<Asset>().ToList();

        // Several objects may share an ATT&CK ID when one is revoked; the active one wins.
        _techniqueByAttackId = Techniques
            .GroupBy(t => t.AttackId, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(t => t.IsActive ? 0 : 1).First(), StringComparer.OrdinalIgnoreCase);
        _bySource = relationships.GroupBy(r => r.SourceRef, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Relationship>)g.ToList(), StringComparer.Ordinal);
        _byTarget = relationships.GroupBy(r => r.TargetRef, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Relationship>)g.ToList(), StringComparer.Ordinal);
    }

    public CollectionInfo Info { get; }
    public IReadOnlyList<Matrix> Matrices { get; }
    public IReadOnlyList<Tactic> Tactics { get; }
    public IReadOnlyList<Technique> Techniques { get; }
    public IReadOnlyList<Group> Groups { get; }
    public IReadOnlyList<Software> Software { get; }
    public IReadOnlyList<Campaign> Campaigns { get; }
    public IReadOnlyList<Mitigation> Mitigations { get; }
    public IReadOnlyList<DataSource> DataSources { get; }
    public IReadOnlyList<DataComponent> DataComponents { get; }
    public IReadOnlyList<DetectionStrategy> DetectionStrategies { get; }
    public IReadOnlyList<Analytic> Analytics { get; }
    /// <summary>ICS assets; empty for Enterprise and Mobile.</summary>
    public IReadOnlyList<Asset> Assets { get; }
    public IReadOnlyList<Relationship> Relationships { get; }

    public AttackObject? FindByStixId(string stixId) => _byStixId.GetValueOrDefault(stixId);

    public T? FindByStixId<T>(string stixId) where T : AttackObject => _byStixId.GetValueOrDefault(stixId) as T;

    /// <summary>The technique with this ATT&amp;CK ID (active object preferred over a revoked twin), or null when this release lacks it.</summary>
    public Technique? FindTechnique(string attackId) => _techniqueByAttackId.GetValueOrDefault(attackId.Trim());

    public Technique? FindTechnique(TechniqueId id) => FindTechnique(id.Value);

    public IReadOnlyList<Relationship> RelationshipsFrom(string stixId) => _bySource.GetValueOrDefault(stixId) ?? [];

    public IReadOnlyList<Relationship> RelationshipsTo(string stixId) => _byTarget.GetValueOrDefault(stixId) ?? [];

    /// <summary>Query tables, built on first use so loading a bundle stays cheap.</summary>
    internal AttackIndex Index => _index.Value;
}

/// <summary>What a loaded collection is: domain, release version, name and where it came from.</summary>
public sealed record CollectionInfo
{
    public required AttackDomain Domain { get; init; }
    /// <summary>ATT&amp;CK release, e.g. "18.1".</summary>
    public required string Version { get; init; }
    public required string Name { get; init; }
    /// <summary>"2.0" (mitre/cti) or "2.1" (attack-stix-data).</summary>
    public required string StixVersion { get; init; }
    public string? Source { get; init; }
    public DateTimeOffset? Modified { get; init; }

    /// <summary>Stable key for a source users pick, e.g. <c>enterprise-attack@18.1</c>.</summary>
    public string Key => $"{Domain.ToStixName()}@{Version}";
}
