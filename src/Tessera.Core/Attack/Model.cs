namespace Tessera.Core.Attack;

/// <summary>A STIX external reference (ATT&amp;CK ID, URL or citation).</summary>
public sealed record ExternalReference(string SourceName, string? ExternalId, string? Url, string? Description);

/// <summary>Fields every ATT&amp;CK object shares. <see cref="AttackId"/> is the external ID (T1059, G0016, TA0002 …).</summary>
public abstract record AttackObject
{
    public required string StixId { get; init; }
    public required string AttackId { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? Url { get; init; }
    public bool Revoked { get; init; }
    public bool Deprecated { get; init; }
    public string? Version { get; init; }
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public IReadOnlyList<ExternalReference> References { get; init; } = [];

    /// <summary>Neither revoked nor deprecated: what users browse and pick.</summary>
    public bool IsActive => !Revoked && !Deprecated;
}

public sealed record Matrix : AttackObject
{
    /// <summary>Tactic STIX IDs in matrix column order.</summary>
    public IReadOnlyList<string> TacticRefs { get; init; } = [];
}

public sealed record Tactic : AttackObject
{
    /// <summary>The kill-chain phase name used by techniques, e.g. <c>credential-access</c>.</summary>
    public required string ShortName { get; init; }
}

public sealed record Technique : AttackObject
{
    public TechniqueId Id => TechniqueId.Parse(AttackId);
    public bool IsSubtechnique { get; init; }
    /// <summary>Tactic short names (kill-chain phases) this technique belongs to.</summary>
    public IReadOnlyList<string> Tactics { get; init; } = [];
    public IReadOnlyList<string> Platforms { get; init; } = [];
    /// <summary>17.x and earlier: free-text "Data Source: Component" strings.</summary>
    public IReadOnlyList<string> DataSourceNames { get; init; } = [];
    public string? DetectionText { get; init; }
}

public enum SoftwareKind { Malware, Tool }

public sealed record Group : AttackObject
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

public sealed record Software : AttackObject
{
    public required SoftwareKind Kind { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<string> Platforms { get; init; } = [];
}

public sealed record Campaign : AttackObject
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public DateTimeOffset? FirstSeen { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
}

public sealed record Mitigation : AttackObject;

/// <summary>17.x data source (DS0009 …), parent of data components.</summary>
public sealed record DataSource : AttackObject
{
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public IReadOnlyList<string> CollectionLayers { get; init; } = [];
}

/// <summary>A log source named by v18 data components and analytics: <c>WinEventLog:Security</c> / <c>EventCode=4769</c>.</summary>
public sealed record LogSourceRef(string Name, string? Channel, string? DataComponentStixId = null);

public sealed record DataComponent : AttackObject
{
    /// <summary>17.x parent data source STIX ID, empty in v18.</summary>
    public string? DataSourceRef { get; init; }
    public IReadOnlyList<LogSourceRef> LogSources { get; init; } = [];
}

/// <summary>v18 detection strategy (DET0001 …): a set of analytics that detect techniques.</summary>
public sealed record DetectionStrategy : AttackObject
{
    public IReadOnlyList<string> AnalyticRefs { get; init; } = [];
}

/// <summary>v18 analytic (AN0001 …): platform-specific logic over log sources.</summary>
public sealed record Analytic : AttackObject
{
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public IReadOnlyList<LogSourceRef> LogSources { get; init; } = [];
}

/// <summary>ICS asset (A0001 …): a device class techniques <c>target</c>.</summary>
public sealed record Asset : AttackObject
{
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
}

/// <summary>A STIX relationship between two objects, e.g. group <c>uses</c> technique with a procedure description.</summary>
public sealed record Relationship(
    string StixId,
    string Type,
    string SourceRef,
    string TargetRef,
    string Description,
    IReadOnlyList<ExternalReference> References,
    bool Revoked = false,
    bool Deprecated = false);
