using Tessera.Core.Runbooks;

namespace Tessera.Infrastructure.Tests.Runbooks;

public sealed class RunbookStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RunbookEntry Entry(RunbookScope scope, string target, string title = "PowerShell triage") => new()
    {
        Id = Guid.Empty, Scope = scope, Target = target, Title = title, Markdown = "## Steps\n1. Isolate the host", Owner = "ir-team",
        Updated = default,
    };

    [Theory, AllProviders]
    public async Task Create_LowerCaseTechnique_StoresNormalizedWithVersionOneAndAuthor(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IRunbookStore>();

        var created = await store.CreateAsync(Entry(RunbookScope.Technique, " t1059.001 "), "engineer", Ct);
        var listed = await store.ListAsync(RunbookScope.Technique, "T1059.001", Ct);

        Assert.True(created.IsSaved);
        var saved = Assert.Single(listed);
        Assert.Equal(("T1059.001", 1L, "engineer", test.Time.GetUtcNow()), (saved.Target, saved.Version, saved.UpdatedBy, saved.Updated));
        Assert.NotEqual(Guid.Empty, saved.Id);
    }

    [Theory, AllProviders]
    public async Task Create_BadTargetAndEmptyTitle_ReturnsInvalidListingBoth(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);

        var result = await test.Get<IRunbookStore>().CreateAsync(Entry(RunbookScope.Technique, "credential-access", title: " "), "engineer", Ct);

        Assert.Equal(SaveStatus.Invalid, result.Status);
        Assert.Contains("title is required", result.Message);
        Assert.Contains("not a technique ID", result.Message);
    }

    [Theory, AllProviders]
    public async Task Update_WithStaleVersion_ReturnsConflictAndKeepsTheOtherEdit(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IRunbookStore>();
        var v1 = (await store.CreateAsync(Entry(RunbookScope.Tactic, "initial-access", "Initial access"), "engineer", Ct)).Value!;

        var alice = await store.UpdateAsync(v1 with { Markdown = "alice's steps" }, v1.Version, "alice", Ct);
        var bob = await store.UpdateAsync(v1 with { Markdown = "bob's steps" }, v1.Version, "bob", Ct);

        Assert.Equal((SaveStatus.Saved, 2L), (alice.Status, alice.Value!.Version));
        Assert.Equal(SaveStatus.Conflict, bob.Status);
        var stored = await store.FindAsync(v1.Id, Ct);
        Assert.Equal(("alice's steps", "alice"), (stored!.Markdown, stored.UpdatedBy));
    }

    [Theory, AllProviders]
    public async Task Delete_StaleVersionThenCurrent_ConflictsThenDeletes(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IRunbookStore>();
        var v1 = (await store.CreateAsync(Entry(RunbookScope.Technique, "T1003"), "engineer", Ct)).Value!;
        var v2 = (await store.UpdateAsync(v1 with { Title = "Credential dumping" }, 1, "engineer", Ct)).Value!;

        var stale = await store.DeleteAsync(v1.Id, v1.Version, Ct);
        var current = await store.DeleteAsync(v1.Id, v2.Version, Ct);
        var again = await store.DeleteAsync(v1.Id, v2.Version, Ct);

        Assert.Equal([SaveStatus.Conflict, SaveStatus.Saved, SaveStatus.NotFound], [stale.Status, current.Status, again.Status]);
        Assert.Null(await store.FindAsync(v1.Id, Ct));
    }
}
