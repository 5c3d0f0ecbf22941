using Tessera.Core.Attack;
using Tessera.Core.Stix;
using Tessera.Tests.Shared;

[assembly: AssemblyFixture(typeof(Tessera.Core.Tests.Attack.AttackBundlesFixture))]

namespace Tessera.Core.Tests.Attack;

/// <summary>
/// The real ATT&amp;CK bundles from ../shared/data, each read at most once per test run (they are 3–37 MB)
/// and shared read-only by every test that asks for this fixture.
/// </summary>
public sealed class AttackBundlesFixture
{
    private readonly Lazy<StixLoadResult> _enterprise181 = new(() => StixBundleReader.ReadFile(SharedData.Enterprise181));
    private readonly Lazy<StixLoadResult> _enterprise171 = new(() => StixBundleReader.ReadFile(SharedData.Enterprise171));
    private readonly Lazy<StixLoadResult> _mobile181 = new(() => StixBundleReader.ReadFile(SharedData.Attack("mobile-attack-18.1.json")));
    private readonly Lazy<StixLoadResult> _ics181 = new(() => StixBundleReader.ReadFile(SharedData.Attack("ics-attack-18.1.json")));

    public StixLoadResult Enterprise181Result => _enterprise181.Value;
    public StixLoadResult Enterprise171Result => _enterprise171.Value;
    public StixLoadResult Mobile181Result => _mobile181.Value;
    public StixLoadResult Ics181Result => _ics181.Value;

    public AttackCollection Enterprise181 => Loaded(_enterprise181.Value);
    public AttackCollection Enterprise171 => Loaded(_enterprise171.Value);
    public AttackCollection Mobile181 => Loaded(_mobile181.Value);
    public AttackCollection Ics181 => Loaded(_ics181.Value);

    private static AttackCollection Loaded(StixLoadResult result) =>
        result.Collection ?? throw new InvalidOperationException("Bundle failed to load: " + string.Join("; ", result.Errors.Take(5)));
}
