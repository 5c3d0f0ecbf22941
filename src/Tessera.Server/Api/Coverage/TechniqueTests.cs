using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Validation;

namespace Tessera.Server.Api.Coverage;

/// <summary>
/// The Atomic tests and latest validation runs of a technique for its drill-down (page and API alike), including those
/// filed under the IDs a newer ATT&amp;CK release gives it (current Atomic content files 18.1's T1562.001 under T1685).
/// </summary>
public static class TechniqueTests
{
    private const int RunsShown = 50;

    public static async Task<(IReadOnlyList<AtomicTest> Tests, IReadOnlyList<ValidationRun> Runs)> LoadAsync(
        IAtomicTestStore atomics, IValidationStore validations, TechniqueId id, TechniqueCoverage technique, CancellationToken ct)
    {
        var tests = new List<AtomicTest>();
        var runs = new List<ValidationRun>();
        foreach (var each in technique.NewerIds.Select(TechniqueId.Parse).Prepend(id))
        {
            tests.AddRange(await atomics.ForTechniqueAsync(each, ct));
            runs.AddRange(await validations.ListAsync(each, null, RunsShown, ct));
        }

        return (tests, technique.NewerIds.Count == 0 ? runs : runs.OrderByDescending(r => r.ExecutedAt).Take(RunsShown).ToList());
    }
}
