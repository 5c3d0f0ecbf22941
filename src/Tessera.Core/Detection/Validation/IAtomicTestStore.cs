using Tessera.Core.Attack;
using Tessera.Core.Detection.Atomic;

namespace Tessera.Core.Detection.Validation;

/// <summary>The imported Atomic Red Team catalogue (tests by GUID and technique). Implemented in Infrastructure.</summary>
public interface IAtomicTestStore
{
    /// <summary>Replaces the stored catalogue with <paramref name="catalog"/> in one transaction; returns the test count.</summary>
    Task<int> ReplaceAsync(AtomicCatalog catalog, CancellationToken ct);

    /// <summary>Tests of a technique, in test-number order. A parent ID does not include its sub-techniques' tests.</summary>
    Task<IReadOnlyList<AtomicTest>> ForTechniqueAsync(TechniqueId technique, CancellationToken ct);

    /// <summary>The whole catalogue (for checking execution-log GUIDs); empty when none was imported.</summary>
    Task<AtomicCatalog> LoadAsync(CancellationToken ct);

    /// <summary>Number of tests per technique ID.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByTechniqueAsync(CancellationToken ct);
}
