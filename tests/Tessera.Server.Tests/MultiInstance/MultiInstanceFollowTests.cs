using Tessera.Core.Attack;
using Tessera.Server.Alerts;
using Tessera.Server.Knowledge;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.MultiInstance;

/// <summary>
/// Two real servers on one PostgreSQL database: what an analyst or admin does on one instance reaches the other while
/// both run (the instances' timers call the same methods these tests call, so no test waits on a clock).
/// </summary>
public sealed class MultiInstanceFollowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LibraryDecisions_MadeOnBothInstances_EachSeesBothAndNeitherIsLost()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString);
        var libraryA = await a.Get<AlertMappingService>().GetLibraryAsync();
        var libraryB = await b.Get<AlertMappingService>().GetLibraryAsync();

        await libraryA.ConfirmAsync("Rare parent process for lsass.exe", "alice", ["T1003.001"], Ct);
        // Bob's instance has not refreshed yet, so it decides on an older copy.
        await libraryB.RejectAsync("Rare parent process for lsass.exe", "bob", ["T1055"], Ct);
        var changedOnA = await a.Get<AlertMappingService>().RefreshLibraryAsync(Ct);
        var changedOnB = await b.Get<AlertMappingService>().RefreshLibraryAsync(Ct);

        Assert.Equal((1, 0), (changedOnA, changedOnB));
        foreach (var library in new[] { libraryA, libraryB })
        {
            var entry = library.Find("Rare parent process for lsass.exe")!.Entry;
            Assert.Equal(["T1003.001"], entry.Confirmed);
            Assert.Equal(["T1055"], entry.Rejected);
            Assert.Equal(["alice", "bob"], entry.History.Select(h => h.Analyst));
        }
    }

    [Fact]
    public async Task ReleaseLoadedFromAnIndexOnOneInstance_TheOtherLoadsItWithoutARestart()
    {
        await using var db = await SharedPostgres.CreateAsync(Ct);
        await using var a = await TesseraInstance.StartAsync(db.ConnectionString);
        await using var b = await TesseraInstance.StartAsync(db.ConnectionString);
        var mirror = Directory.CreateTempSubdirectory("tessera-mirror-");
        try
        {
            var index = IcsMirror.Create(mirror.FullName);

            await a.Get<IndexImportMemory>().ImportAsync(a.Get<KnowledgeBaseHost>(), index, AttackDomain.Ics, ["18.1"], "admin", Ct);
            var before = b.Get<KnowledgeBaseHost>().Collections.Select(c => c.Info.Key).ToList();
            var loaded = await b.Get<RememberedReleaseFollower>().FollowAsync(Ct);

            Assert.Empty(before);
            Assert.Equal(1, loaded);
            Assert.Equal(["ics-attack@18.1"], b.Get<KnowledgeBaseHost>().Collections.Select(c => c.Info.Key));
        }
        finally
        {
            mirror.Delete(recursive: true);
        }
    }
}
