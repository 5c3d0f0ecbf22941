using Tessera.Core.Attack;

namespace Tessera.Core.Dettect;

/// <summary>A group administration file: threat actor (or red-team) technique sets.</summary>
public sealed record GroupAdministration : DettectDocument
{
    public required IReadOnlyList<DettectGroup> Groups { get; init; }
}

/// <summary>One group/campaign entry; disabled entries are kept but DeTT&amp;CT ignores them.</summary>
public sealed record DettectGroup
{
    public required string GroupName { get; init; }

    public string? Campaign { get; init; }

    public required IReadOnlyList<TechniqueId> TechniqueIds { get; init; }

    /// <summary>ATT&amp;CK software IDs (S0002 …) as written.</summary>
    public IReadOnlyList<string> SoftwareIds { get; init; } = [];

    public required bool Enabled { get; init; }

    public required int Line { get; init; }
}
