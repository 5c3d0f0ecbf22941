using System.Collections.Frozen;

namespace Tessera.Core.Detection.Atomic;

/// <summary>Immutable set of Atomic techniques and tests with lookup by test GUID. Safe to share between threads.</summary>
public sealed class AtomicCatalog
{
    private readonly FrozenDictionary<Guid, AtomicTest> _byGuid;

    /// <summary>Builds a catalogue; throws <see cref="ArgumentException"/> if two tests share a GUID (readers reject that first).</summary>
    public AtomicCatalog(IReadOnlyList<AtomicTechnique> techniques)
    {
        Techniques = techniques;
        _byGuid = techniques.SelectMany(t => t.Tests).ToFrozenDictionary(t => t.Guid);
    }

    public IReadOnlyList<AtomicTechnique> Techniques { get; }

    public int TestCount => _byGuid.Count;

    /// <summary>The test with this GUID, or null when the catalogue lacks it.</summary>
    public AtomicTest? FindTest(Guid guid) => _byGuid.GetValueOrDefault(guid);
}
