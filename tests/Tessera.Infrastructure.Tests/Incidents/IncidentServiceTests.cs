using Tessera.Core.Incidents;

namespace Tessera.Infrastructure.Tests.Incidents;

public sealed class IncidentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AssociationRequest Pick(string source, string tactic, params string[] techniques) =>
        new(source, [new TacticSelection(tactic, techniques)]);

    [Theory, AllProviders]
    public async Task Associate_StaleVersion_ConflictWithCurrentStateAndNothingSaved(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Shared");
        var first = await kit.Service.AssociateAsync(incident.Id, incident.Version, [Pick(IncidentKit.Enterprise, "execution", "T1059")], "alice", Ct);

        var second = await kit.Service.AssociateAsync(incident.Id, incident.Version, [Pick(IncidentKit.Enterprise, "discovery", "T1082")], "bob", Ct);

        Assert.Equal(IncidentOutcome.Conflict, second.Outcome);
        Assert.Equal(first.Value!.Version, second.Current!.Version);
        Assert.Equal(["T1059=manual:alice"], await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Store_ChangeAssociationsWithStaleVersion_WritesNothing(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Race");
        await kit.AssociateAsync(incident, "execution", "T1059");

        var result = await kit.Store.ChangeAssociationsAsync(incident.Id, incident.Version, AssociationOrigin.Manual("bob"),
            [new AssociationTarget(IncidentKit.Enterprise, "discovery", "T1082")],
            [new AssociationRemoval(IncidentKit.Enterprise)], "bob", Ct);

        Assert.Equal(SaveStatus.Conflict, result.Status);
        Assert.Equal(["T1059=manual:alice"], await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Associate_BadInputMixedWithGood_InvalidWithEveryErrorAndNothingSaved(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Bad input");
        var revoked = IncidentKit.Collection.Techniques.First(t => t.Revoked && IncidentKit.Collection.FindTechnique(t.AttackId) == t);

        var result = await kit.Service.AssociateAsync(incident.Id, incident.Version,
        [
            // T1059 is valid in execution and would be saved if the call were not all-or-nothing.
            new AssociationRequest(IncidentKit.Enterprise, [
                new TacticSelection("execution", ["T1059", "T9999", "T1003.001"]),
                new TacticSelection("stealth", []),
                new TacticSelection("defense-evasion", [revoked.AttackId]),
            ]),
            Pick(IncidentKit.Inactive, "execution", "T1059"),
        ], "alice", Ct);

        Assert.Equal(IncidentOutcome.Invalid, result.Outcome);
        Assert.Equal(
            ["unknown-technique", "technique-not-in-tactic", "unknown-tactic", "revoked-technique", "inactive-source"],
            result.Errors.Select(e => e.Code));
        Assert.Equal("associations[0].tactics[0].techniques[1]", result.Errors[0].Field);
        Assert.Empty(await kit.TechniquesAsync(incident.Id));
    }

    [Theory, AllProviders]
    public async Task Update_ClosedIncidentTitle_LockedButAssociationsStillChange(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Done");
        var closed = (await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = incident.Id, Version = incident.Version, Title = "Done", Severity = incident.Severity, State = IncidentState.Closed,
        }, Ct)).Value!;

        var edit = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = closed.Id, Version = closed.Version, Title = "Renamed", Severity = closed.Severity, State = IncidentState.Closed,
        }, Ct);
        var associated = await kit.AssociateAsync(closed, "impact", "T1486");
        var observable = await kit.Service.AddObservableAsync(new NewObservable(closed.Id, ObservableKind.Ip, "10.0.0.1"), Ct);

        Assert.Equal(IncidentOutcome.Locked, edit.Outcome);
        Assert.Equal(IncidentOutcome.Locked, observable.Outcome);
        Assert.Equal(("Done", IncidentState.Closed), (associated.Title, associated.State));
        Assert.NotNull(associated.ClosedAt);
        Assert.Equal(["T1486=manual:alice"], await kit.TechniquesAsync(closed.Id));
    }

    [Theory, AllProviders]
    public async Task AddObservable_CanonicalValueStored_SameValueInOtherCaseRefused(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Edge device");

        var cve = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Cve, " cve-2024-3400 "), Ct);
        var again = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.Cve, "CVE-2024-3400"), Ct);
        var hash = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileHash, "D41D8CD98F00B204E9800998ECF8427E"), Ct);
        var file = await kit.Service.AddObservableAsync(new NewObservable(incident.Id, ObservableKind.FileName, "Invoice.PDF"), Ct);

        Assert.Equal("CVE-2024-3400", cve.Value!.Value);
        Assert.Equal("duplicate-observable", Assert.Single(again.Errors).Code);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", hash.Value!.Value);
        Assert.Equal("Invoice.PDF", file.Value!.Value);
        Assert.Equal(3, (await kit.Store.ObservablesAsync(incident.Id, Ct)).Count);
    }

    [Theory, AllProviders]
    public async Task Remove_AtEachLevel_RemovesOnlyThatLevel(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Levels");
        await kit.AssociateAsync(incident, "execution", "T1059.001", "T1204.002");
        await kit.AssociateAsync(incident, "credential-access", "T1003.001");
        var current = await kit.AssociateAsync(incident, "discovery", "T1082");

        current = (await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise, "execution", "T1204.002"), "alice", Ct)).Value!;
        Assert.Equal(["T1003.001=manual:alice", "T1059.001=manual:alice", "T1082=manual:alice"], await kit.TechniquesAsync(current.Id));

        current = (await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise, "credential-access"), "alice", Ct)).Value!;
        Assert.Equal(["T1059.001=manual:alice", "T1082=manual:alice"], await kit.TechniquesAsync(current.Id));

        var last = await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise), "alice", Ct);
        Assert.True(last.IsOk);
        Assert.Empty(await kit.TechniquesAsync(current.Id));
    }

    [Theory, AllProviders]
    public async Task Heatmap_FilteredBySeverity_CountsDistinctIncidentsPerTechnique(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var a = await kit.CreateAsync("A", severity: IncidentSeverity.High);
        var b = await kit.CreateAsync("B", severity: IncidentSeverity.High);
        var c = await kit.CreateAsync("C", severity: IncidentSeverity.Low);
        await kit.AssociateAsync(a, "execution", "T1059.001");
        await kit.LookupAsync(a, "T1059.001");
        await kit.AssociateAsync(b, "execution", "T1059.001");
        await kit.AssociateAsync(c, "execution", "T1059.001");
        await kit.AssociateAsync(c, "discovery", "T1082");

        var high = await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.High] }, Ct);
        var all = await kit.Store.HeatmapAsync(new HeatmapQuery(), Ct);

        Assert.Equal([new HeatmapCell("T1059.001", 2, 3)], high);
        Assert.Equal([new HeatmapCell("T1059.001", 3, 4), new HeatmapCell("T1082", 1, 1)], all);
    }

    [Theory, AllProviders]
    public async Task Heatmap_AfterSeverityChange_FiltersByTheNewSeverity(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.AssociateAsync(await kit.CreateAsync("Escalated", severity: IncidentSeverity.Low), "execution", "T1059");

        await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = incident.Id, Version = incident.Version, Title = incident.Title, Severity = IncidentSeverity.Critical, State = IncidentState.Contained,
        }, Ct);

        Assert.Empty(await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.Low] }, Ct));
        var critical = await kit.Store.HeatmapAsync(new HeatmapQuery { Severities = [IncidentSeverity.Critical], States = [IncidentState.Contained] }, Ct);
        Assert.Equal([new HeatmapCell("T1059", 1, 1)], critical);
    }

    [Theory, AllProviders]
    public async Task Update_ParentCycle_Invalid(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var root = await kit.CreateAsync("Root");
        var child = await kit.CreateAsync("Child", root.Id);

        var result = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = root.Id, Version = root.Version, Title = root.Title, Severity = root.Severity, State = root.State, ParentId = child.Id,
        }, Ct);

        Assert.Equal("parent-cycle", Assert.Single(result.Errors).Code);
    }

    /// <summary>A chain of <paramref name="levels"/> incidents, root first, each the previous one's child.</summary>
    private static async Task<List<Incident>> ChainAsync(IncidentKit kit, string name, int levels)
    {
        var chain = new List<Incident>();
        for (var i = 0; i < levels; i++)
        {
            chain.Add(await kit.CreateAsync($"{name} {i}", chain.LastOrDefault()?.Id));
        }

        return chain;
    }

    // A title is one line (it heads tickets, exports and webhook payloads); the description may run over lines.
    [Theory, AllProviders]
    public async Task Create_TitleWithLineBreak_RefusedNamingIt_DescriptionLinesKept(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);

        var refused = await kit.Service.CreateAsync(new NewIncident { Title = "Phishing\r\nSeverity: low", Description = "a\u0007" }, Ct);
        var kept = await kit.Service.CreateAsync(new NewIncident { Title = " Phishing wave\n", Description = "From: x\r\n\tTo: y" }, Ct);

        Assert.Equal(IncidentOutcome.Invalid, refused.Outcome);
        Assert.Equal([("control-character", "title"), ("control-character", "description")], refused.Errors.Select(e => (e.Code, e.Field)));
        Assert.Equal("title contains a control character (U+000D at position 9); it is one line of printable text.", refused.Errors[0].Message);
        Assert.Equal(IncidentOutcome.Ok, kept.Outcome);
        Assert.Equal(("Phishing wave", "From: x\r\n\tTo: y"), (kept.Value!.Title, kept.Value.Description));
        Assert.Equal(1, (await kit.Store.ListAsync(new IncidentQuery(), Ct)).Total);
    }

    // Creating under a parent used to check only that it existed and was open: 40 levels were accepted, and roll-up
    // (which walks MaxNesting + 1 incidents) never carried the bottom ones' techniques to the root.
    [Theory, AllProviders]
    public async Task Create_UnderParentAtTheNestingLimit_RefusedNamingParentIdAndLimit(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var chain = await ChainAsync(kit, "depth", IncidentLimits.MaxNesting + 1);

        var deeper = await kit.Service.CreateAsync(new NewIncident { Title = "too deep", ParentId = chain[^1].Id }, Ct);

        Assert.Equal(IncidentOutcome.Invalid, deeper.Outcome);
        var error = Assert.Single(deeper.Errors);
        Assert.Equal(("too-deep", "parentId"), (error.Code, error.Field));
        Assert.Contains($"at most {IncidentLimits.MaxNesting} levels", error.Message, StringComparison.Ordinal);
        Assert.Empty(await kit.Store.ChildrenAsync(chain[^1].Id, Ct));
        // The deepest incident allowed still reaches the root.
        await kit.AssociateAsync(chain[^1], "execution", "T1059");
        Assert.Equal([$"T1059=child:{chain[1].Id}"], await kit.TechniquesAsync(chain[0].Id));
    }

    // Moving an incident used to count only the new parent's ancestors, not the child incidents that move with it.
    [Theory, AllProviders]
    public async Task Update_MovingSubtreeWhoseDeepestChildWouldPassTheLimit_RefusedButOneLevelHigherAllowed(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var target = await ChainAsync(kit, "target", 10);
        var moving = await ChainAsync(kit, "moving", 8);
        IncidentUpdate Move(long parentId) => new()
        {
            Id = moving[0].Id, Version = moving[0].Version, Title = moving[0].Title, Severity = moving[0].Severity, State = moving[0].State,
            ParentId = parentId,
        };

        // Under target[9] (9 ancestors) the mover has 10 and its deepest child 17; under target[8] that child has 16.
        var refused = await kit.Service.UpdateAsync(Move(target[9].Id), Ct);
        var allowed = await kit.Service.UpdateAsync(Move(target[8].Id), Ct);

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("too-deep", "parentId"), (error.Code, error.Field));
        Assert.Contains("7 level(s)", error.Message, StringComparison.Ordinal);
        Assert.True(allowed.IsOk, allowed.Message);
        Assert.Equal(target[8].Id, (await kit.Store.FindAsync(moving[0].Id, Ct))!.ParentId);
    }

    // Reopening recomputes the incident's own roll-up after saving (a child changed while it was closed); the result carried
    // the version from before that, so the caller's next write with it was refused as stale.
    [Theory, AllProviders]
    public async Task Update_ReopeningRecomputesTheRollup_ResultIsTheIncidentAsStored(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var parent = await kit.CreateAsync("Closed parent");
        var child = await kit.CreateAsync("Child", parent.Id);
        var closed = (await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = parent.Id, Version = parent.Version, Title = parent.Title, Severity = parent.Severity, State = IncidentState.Closed,
        }, Ct)).Value!;
        await kit.AssociateAsync(child, "execution", "T1059");

        var reopened = await kit.Service.UpdateAsync(new IncidentUpdate
        {
            Id = closed.Id, Version = closed.Version, Title = closed.Title, Severity = closed.Severity, State = IncidentState.InProgress,
        }, Ct);

        Assert.Equal([$"T1059=child:{child.Id}"], await kit.TechniquesAsync(parent.Id));
        Assert.Equal(await kit.Store.FindAsync(parent.Id, Ct), reopened.Value);
    }

    // Removal deletes every origin's row and the lookup that still names the technique rolls it straight back, after the save.
    [Theory, AllProviders]
    public async Task Remove_TechniqueALookupStillNames_ResultIsTheIncidentAsStored(StorageProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IncidentKit(db);
        var incident = await kit.CreateAsync("Rolled back");
        var lookup = await kit.LookupAsync(incident, "T1486");
        var current = (await kit.Store.FindAsync(incident.Id, Ct))!;

        var removed = await kit.Service.RemoveAsync(current.Id, current.Version, new AssociationRemoval(IncidentKit.Enterprise, "impact", "T1486"), "alice", Ct);

        Assert.Equal([$"T1486=lookup:{lookup.Id}"], await kit.TechniquesAsync(incident.Id));
        Assert.Equal(await kit.Store.FindAsync(incident.Id, Ct), removed.Value);
    }
}
