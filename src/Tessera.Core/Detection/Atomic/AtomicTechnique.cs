using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Atomic;

/// <summary>One Atomic Red Team technique file (<c>atomics/T1003/T1003.yaml</c>) with its tests in file order.</summary>
public sealed record AtomicTechnique
{
    /// <summary>Technique ID; may be newer than the loaded ATT&amp;CK release (e.g. T1685), which is kept.</summary>
    public required TechniqueId Technique { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlyList<AtomicTest> Tests { get; init; }

    /// <summary>Source file relative to the atomics folder, or the CSV index name.</summary>
    public required string File { get; init; }
}
