using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Core.Storage;
using static Tessera.Infrastructure.Tests.Exposures.ExposureTestData;

namespace Tessera.Infrastructure.Tests.Exposures;

public sealed class ExposureCveMappingStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // CVE-2024-3400 (PAN-OS GlobalProtect) is a KEV entry the CTID KEV mappings do not cover.
    private static readonly CveId PanOs = CveId.Parse("cve-2024-3400");
    private static readonly TechniqueId T1190 = TechniqueId.Parse("T1190");

    [Theory, AllProviders]
    public async Task AddCveMappingAsync_SameMappingTwice_StoresOnceAndSecondReportsNotAdded(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IExposureStore>();
        var first = await store.AddCveMappingAsync(PanOs, T1190, "analyst", Ct);
        test.Time.Advance(TimeSpan.FromHours(1));

        var second = await store.AddCveMappingAsync(CveId.Parse("CVE-2024-3400"), T1190, "engineer", Ct);
        var all = await store.ListCveMappingsAsync(Ct);

        Assert.Equal((true, false), (first.Added, second.Added));
        // The second call returns the stored mapping: first author and time, not the caller's.
        Assert.Equal(first.Mapping, second.Mapping);
        var stored = Assert.Single(all);
        Assert.Equal(("CVE-2024-3400", "T1190", "analyst"), (stored.Cve.Value, stored.Technique.Value, stored.AddedBy));
        Assert.Equal(test.Time.GetUtcNow() - TimeSpan.FromHours(1), stored.AddedAt);
    }

    [Theory, AllProviders]
    public async Task ListCveMappingsAsync_SeveralCvesAndTechniques_OrderedByCveThenTechnique(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IExposureStore>();
        await store.AddCveMappingAsync(PanOs, TechniqueId.Parse("T1059.004"), "analyst", Ct);
        await store.AddCveMappingAsync(CveId.Parse("CVE-2024-6387"), T1190, "analyst", Ct);
        await store.AddCveMappingAsync(PanOs, T1190, "analyst", Ct);
        // A well-formed ID no loaded release knows (v19-era) is kept, as per-exposure mappings keep it.
        await store.AddCveMappingAsync(CveId.Parse("CVE-2024-1709"), TechniqueId.Parse("T1685"), "analyst", Ct);

        var all = await store.ListCveMappingsAsync(Ct);

        Assert.Equal(
            [("CVE-2024-1709", "T1685"), ("CVE-2024-3400", "T1059.004"), ("CVE-2024-3400", "T1190"), ("CVE-2024-6387", "T1190")],
            all.Select(m => (m.Cve.Value, m.Technique.Value)));
    }

    [Theory, AllProviders]
    public async Task RemoveCveMappingAsync_ExistingThenAgain_RemovesOnceAndKeepsOtherMappings(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        var log4j = await Single(store, "CVE-2021-44228");
        await store.AddTechniqueAsync(log4j.Id, TechniqueId.Parse("T1059.004"), "analyst", Ct);
        await store.AddCveMappingAsync(CveId.Parse("CVE-2021-44228"), TechniqueId.Parse("T1059.004"), "analyst", Ct);
        await store.AddCveMappingAsync(PanOs, T1190, "analyst", Ct);

        var removed = await store.RemoveCveMappingAsync(CveId.Parse("CVE-2021-44228"), TechniqueId.Parse("T1059.004"), Ct);
        var again = await store.RemoveCveMappingAsync(CveId.Parse("CVE-2021-44228"), TechniqueId.Parse("T1059.004"), Ct);

        Assert.Equal((SaveStatus.Saved, SaveStatus.NotFound), (removed.Status, again.Status));
        Assert.Equal(("CVE-2021-44228", "T1059.004", "analyst"), (removed.Value!.Cve.Value, removed.Value.Technique.Value, removed.Value.AddedBy));
        Assert.Contains("CVE-2021-44228", again.Message);
        Assert.Equal(["CVE-2024-3400"], (await store.ListCveMappingsAsync(Ct)).Select(m => m.Cve.Value));
        // The per-exposure mapping of the same technique is another thing and stays.
        Assert.Equal(["T1059.004"], (await Single(store, "CVE-2021-44228")).ManualTechniques.Select(t => t.Technique.Value));
    }

    [Theory, AllProviders]
    public async Task DeleteAsync_EveryExposureWithTheCve_KeepsTheCveMappingForLaterImports(StorageProvider provider)
    {
        var (test, store) = await ImportedAsync(provider);
        await using var _ = test;
        await store.AddCveMappingAsync(CveId.Parse("CVE-2023-4966"), TechniqueId.Parse("T1550.004"), "analyst", Ct);

        await store.DeleteAsync((await Single(store, "CVE-2023-4966")).Id, Ct);

        Assert.Equal(["CVE-2023-4966"], (await store.ListCveMappingsAsync(Ct)).Select(m => m.Cve.Value));
    }
}
