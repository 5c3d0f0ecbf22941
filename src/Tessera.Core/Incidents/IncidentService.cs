using Tessera.Core.Storage;

namespace Tessera.Core.Incidents;

/// <summary>
/// Incident use cases shared by the REST API and the UI: the closed-incident lock, ATT&amp;CK validation,
/// optimistic concurrency and roll-up after every change. Callers check permissions and write the audit log.
/// </summary>
public sealed class IncidentService(IIncidentStore store, IAttackSourceCatalog catalog, IncidentRollup rollup, IRollupSettingsSource settings)
    : IIncidentAlertSink
{
    /// <summary>Creates an incident (and rolls it up into its parent); Invalid with every field error otherwise.</summary>
    public async Task<IncidentResult<Incident>> CreateAsync(NewIncident incident, CancellationToken ct)
    {
        var errors = Fields(incident.Title, incident.Description, incident.Assignee);
        if (incident.ParentId is { } parentId)
        {
            // A new incident has no children: it fits when its parent sits at most MaxNesting - 1 levels deep.
            errors.AddRange(await CheckParentAsync(null, parentId, 0, ct));
        }

        if (errors.Count > 0)
        {
            return IncidentResult<Incident>.Invalid(errors);
        }

        var saved = await store.CreateAsync(incident with { Title = incident.Title.Trim() }, ct);
        var rollups = incident.ParentId is { } parent ? await rollup.RecomputeAsync(parent, ct) : [];
        return await AsStoredAsync(saved.Value!, rollups, ct);
    }

    /// <summary>
    /// Updates fields. Locked when the stored incident is closed and anything but the state changes (reopening is
    /// allowed); Conflict with the stored incident when <see cref="IncidentUpdate.Version"/> is stale.
    /// </summary>
    public async Task<IncidentResult<Incident>> UpdateAsync(IncidentUpdate update, CancellationToken ct)
    {
        var current = await store.FindAsync(update.Id, ct);
        if (current is null)
        {
            return IncidentResult<Incident>.NotFound(Incident.Missing(update.Id));
        }

        if (current.Version != update.Version)
        {
            return Stale<Incident>(current);
        }

        if (current.IsClosed && (current.Title != update.Title || current.Description != update.Description
            || current.Severity != update.Severity || current.Assignee != update.Assignee || current.ParentId != update.ParentId))
        {
            return IncidentResult<Incident>.Locked(current);
        }

        var errors = Fields(update.Title, update.Description, update.Assignee);
        if (update.ParentId != current.ParentId && update.ParentId is { } parentId)
        {
            // The whole subtree moves: its deepest descendant must still be within the limit under the new parent.
            errors.AddRange(await CheckParentAsync(update.Id, parentId, await SubtreeHeightAsync(update.Id, ct), ct));
        }

        if (errors.Count > 0)
        {
            return IncidentResult<Incident>.Invalid(errors);
        }

        var saved = await store.UpdateAsync(current with
        {
            Title = update.Title.Trim(), Description = update.Description, Severity = update.Severity, State = update.State,
            Assignee = string.IsNullOrWhiteSpace(update.Assignee) ? null : update.Assignee.Trim(), ParentId = update.ParentId,
            Version = update.Version,
        }, ct);
        if (!saved.IsSaved)
        {
            return await FailedSaveAsync<Incident>(saved, update.Id, ct);
        }

        var rollups = new List<RollupChange>();
        if (current.IsClosed && !saved.Value!.IsClosed)
        {
            // Reopened: take the evidence that changed while it was closed (children attached or detached, settings).
            rollups.AddRange(await rollup.RecomputeAsync(update.Id, ct));
        }

        foreach (var parent in new[] { current.ParentId, update.ParentId }.OfType<long>().Distinct())
        {
            rollups.AddRange(await rollup.RecomputeAsync(parent, ct));
        }

        return await AsStoredAsync(saved.Value!, rollups, ct);
    }

    /// <summary>
    /// Associates what an analyst picked (one or more sources) with origin manual:<paramref name="actor"/>, all or
    /// nothing: any unknown, revoked or misplaced technique, unknown tactic or unusable source makes it Invalid and
    /// nothing is saved. Allowed on closed incidents. <paramref name="expectedVersion"/> null skips the version check
    /// (additive integration calls cannot overwrite anyone).
    /// </summary>
    public async Task<IncidentResult<Incident>> AssociateAsync(long incidentId, long? expectedVersion,
        IReadOnlyList<AssociationRequest> requests, string actor, CancellationToken ct)
    {
        var current = await store.FindAsync(incidentId, ct);
        if (current is null)
        {
            return IncidentResult<Incident>.NotFound(Incident.Missing(incidentId));
        }

        if (expectedVersion is { } version && version != current.Version)
        {
            return Stale<Incident>(current);
        }

        var (targets, errors) = await ValidateAsync(requests, ct);
        if (errors.Count > 0)
        {
            return IncidentResult<Incident>.Invalid(errors);
        }

        // Without a version an addition is applied on top of whatever landed since the read (SaveRetry).
        var saved = await SaveRetry.WhileConflictAsync(expectedVersion is null ? SaveRetry.UnversionedAttempts : 1, async attempt =>
            attempt == 1 ? await store.ChangeAssociationsAsync(incidentId, expectedVersion ?? current.Version, AssociationOrigin.Manual(actor), targets, [], actor, ct)
            : await store.FindAsync(incidentId, ct) is { } newer
                ? await store.ChangeAssociationsAsync(incidentId, newer.Version, AssociationOrigin.Manual(actor), targets, [], actor, ct)
                : SaveResult<Incident>.NotFound(Incident.Missing(incidentId)));

        return saved.IsSaved
            ? await AsStoredAsync(saved.Value!, await rollup.RecomputeAsync(incidentId, ct), ct)
            : await FailedSaveAsync<Incident>(saved, incidentId, ct);
    }

    /// <summary>Validates requests against their sources without saving: the targets, or every error found.</summary>
    public async Task<(IReadOnlyList<AssociationTarget> Targets, IReadOnlyList<IncidentError> Errors)> ValidateAsync(
        IReadOnlyList<AssociationRequest> requests, CancellationToken ct)
    {
        var targets = new List<AssociationTarget>();
        var errors = new List<IncidentError>();
        if (requests.Count == 0)
        {
            errors.Add(new IncidentError("no-associations", "Pick a source and at least one tactic.", "associations"));
        }

        for (var i = 0; i < requests.Count; i++)
        {
            var field = $"associations[{i}].";
            var source = await catalog.ResolveAsync(requests[i].SourceKey ?? "", ct);
            if (source.Collection is null)
            {
                errors.Add(new IncidentError(source.ErrorCode!, source.Error!, field + "source"));
                continue;
            }

            var (found, problems) = AssociationValidator.Validate(source.Collection, requests[i], field);
            targets.AddRange(found);
            errors.AddRange(problems);
        }

        if (targets.Count > IncidentLimits.MaxAssociationsPerRequest)
        {
            errors.Add(new IncidentError("too-many", $"At most {IncidentLimits.MaxAssociationsPerRequest} associations per request.", "associations"));
        }

        return (targets.Distinct().ToList(), errors);
    }

    /// <summary>Removes a source, a tactic or a technique (every origin). Allowed on closed incidents.</summary>
    public async Task<IncidentResult<Incident>> RemoveAsync(long incidentId, long expectedVersion, AssociationRemoval removal,
        string actor, CancellationToken ct)
    {
        var current = await store.FindAsync(incidentId, ct);
        if (current is null)
        {
            return IncidentResult<Incident>.NotFound(Incident.Missing(incidentId));
        }

        if (current.Version != expectedVersion)
        {
            return Stale<Incident>(current);
        }

        var before = await store.AssociationsAsync(incidentId, ct);
        if (!before.Any(a => removal.Matches(a.Target)))
        {
            return IncidentResult<Incident>.NotFound($"{current.Number} has no association at {removal.Level} level matching that.");
        }

        var saved = await store.ChangeAssociationsAsync(incidentId, expectedVersion, AssociationOrigin.Manual(actor), [], [removal], actor, ct);
        return saved.IsSaved
            ? await AsStoredAsync(saved.Value!, await rollup.RecomputeAsync(incidentId, ct), ct)
            : await FailedSaveAsync<Incident>(saved, incidentId, ct);
    }

    public async Task<IncidentResult<IncidentObservable>> AddObservableAsync(NewObservable observable, CancellationToken ct)
    {
        var errors = new List<IncidentError>();
        EvidenceRules.Observable(errors, observable.Kind, observable.Value);
        if (errors.Count == 0)
        {
            // One observable per kind and canonical value: cve-2024-3400 and CVE-2024-3400 are the same thing.
            observable = observable with { Value = EvidenceRules.Canonical(observable.Kind, observable.Value) };
            if ((await store.ObservablesAsync(observable.IncidentId, ct)).FirstOrDefault(o => o.Kind == observable.Kind && o.Value == observable.Value) is { } same)
            {
                errors.Add(new IncidentError("duplicate-observable", $"The incident already has {observable.Kind} '{same.Value}' (observable {same.Id}).", "value"));
            }
        }

        // The check above answers the usual case with the observable's id; the store's unique index answers a concurrent add.
        var kind = observable.Kind;
        var value = observable.Value;
        return await WithOpenIncidentAsync(observable.IncidentId, errors, () => store.AddObservableAsync(observable, ct), ct,
            taken: () => new IncidentError("duplicate-observable", $"The incident already has {kind} '{value}'.", "value"));
    }

    public Task<IncidentResult<bool>> RemoveObservableAsync(long incidentId, long observableId, CancellationToken ct) =>
        WithOpenIncidentAsync(incidentId, [], () => store.RemoveObservableAsync(incidentId, observableId, ct), ct);

    /// <summary>
    /// Attaches a threat lookup (to the incident or one of its observables) and rolls it up when enabled. A source it
    /// names must be usable, as for associations (unknown, deactivated or not loaded is Invalid on field source); none
    /// means the newest active Enterprise source.
    /// </summary>
    public async Task<IncidentResult<ThreatLookup>> AddLookupAsync(NewThreatLookup lookup, CancellationToken ct)
    {
        var errors = new List<IncidentError>();
        EvidenceRules.Text(errors, "provider", lookup.Provider, IncidentLimits.MaxLabel);
        EvidenceRules.Text(errors, "verdict", lookup.Verdict, IncidentLimits.MaxLabel);
        EvidenceRules.Techniques(errors, lookup.Techniques);
        lookup = lookup with { SourceKey = await SourceKeyAsync(errors, lookup.SourceKey, "source", ct) };
        if (lookup.ObservableId is { } observableId
            && (await store.ObservablesAsync(lookup.IncidentId, ct)).All(o => o.Id != observableId))
        {
            errors.Add(new IncidentError("unknown-observable", $"Observable {observableId} is not on incident {lookup.IncidentId}.", "observableId"));
        }

        return await WithOpenIncidentAsync(lookup.IncidentId, errors,
            async () => await store.AddLookupAsync(lookup with { Techniques = EvidenceRules.Normalize(lookup.Techniques) }, ct), ct);
    }

    public Task<IncidentResult<bool>> RemoveLookupAsync(long incidentId, long lookupId, CancellationToken ct) =>
        WithOpenIncidentAsync(incidentId, [], () => store.RemoveLookupAsync(incidentId, lookupId, ct), ct);

    /// <inheritdoc />
    public async Task<IncidentResult<IncidentAlert>> AttachAlertAsync(NewIncidentAlert alert, string changedBy, CancellationToken ct)
    {
        var errors = new List<IncidentError>();
        EvidenceRules.Text(errors, "alertId", alert.AlertId, IncidentLimits.MaxLabel);
        EvidenceRules.Text(errors, "title", alert.Title, IncidentLimits.MaxLabel);
        EvidenceRules.Text(errors, "source", alert.Source, IncidentLimits.MaxLabel);
        EvidenceRules.Text(errors, "rule", alert.Rule, AssociationOrigin.MaxRefLength);
        EvidenceRules.Techniques(errors, alert.Techniques);
        alert = alert with { SourceKey = await SourceKeyAsync(errors, alert.SourceKey, "sourceKey", ct) };
        var attached = await store.AlertsAsync(alert.IncidentId, ct);
        var taken = new IncidentError("already-attached",
            $"Alert {(alert.AlertRecordId is { } id ? "#" + id : alert.AlertId)} is already attached to incident {alert.IncidentId}.", "alertId");
        bool SameSiemAlert(IncidentAlert a) => a.AlertId == alert.AlertId.Trim() && a.Source == alert.Source.Trim();
        if (attached.Any(a => alert.AlertRecordId is { } record
                ? a.AlertRecordId == record || (alert.GivenByHand && !Alerts.Alert.IsLineId(alert.AlertId.Trim()) && SameSiemAlert(a))
                : a.AlertRecordId is null && SameSiemAlert(a)))
        {
            errors.Add(taken);
        }

        return await WithOpenIncidentAsync(alert.IncidentId, errors,
            () => store.AttachAlertAsync(alert with { Techniques = EvidenceRules.Normalize(alert.Techniques) }, ct), ct, taken: () => taken);
    }

    public Task<IncidentResult<bool>> DetachAlertAsync(long incidentId, long alertRowId, CancellationToken ct) =>
        WithOpenIncidentAsync(incidentId, [], () => store.DetachAlertAsync(incidentId, alertRowId, ct), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertRefresh>> RefreshAlertAsync(Alerts.Triage.AlertRecord record, CancellationToken ct)
    {
        var refreshed = new List<AlertRefresh>();
        foreach (var row in await store.AttachmentsOfAsync([record.Id], ct))
        {
            var techniques = EvidenceRules.Normalize(IncidentAlertEvidence.From(row.IncidentId, record).Techniques);
            if (techniques.Order(StringComparer.Ordinal).SequenceEqual(row.Techniques.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                continue;
            }

            var result = await WithOpenIncidentAsync(row.IncidentId, [], () => store.SetAlertTechniquesAsync(row.IncidentId, row.Id, techniques, ct), ct);
            refreshed.Add(new AlertRefresh(row, result.IsOk
                ? IncidentResult<IncidentAlert>.Ok(row with { Techniques = techniques }, result.Rollups)
                : result.As<IncidentAlert>()));
        }

        return refreshed;
    }

    /// <summary>
    /// Rolls one derived origin up by hand (<paramref name="rolledUp"/> true) or withdraws a hand roll-up; the
    /// origin must exist on the incident (lookup, observable, child, alert rule). Allowed on closed incidents. Withdrawing
    /// on an origin whose kind rolls up automatically (and was not pinned) is Invalid: it would change nothing.
    /// </summary>
    public async Task<IncidentResult<Incident>> RollUpAsync(long incidentId, AssociationOrigin origin, bool rolledUp, CancellationToken ct)
    {
        var current = await store.FindAsync(incidentId, ct);
        if (current is null)
        {
            return IncidentResult<Incident>.NotFound(Incident.Missing(incidentId));
        }

        if (!await OriginExistsAsync(incidentId, origin, ct))
        {
            return IncidentResult<Incident>.Invalid([new IncidentError("unknown-origin", $"{current.Number} has no {origin}.", "origin")]);
        }

        // Withdrawing a hand roll-up that was never made changes nothing while the kind rolls up by itself: say so
        // rather than answer as if it had worked. (A pin made while the kind was off can still be withdrawn.)
        if (!rolledUp && (await settings.GetAsync(ct)).IsAutomatic(origin.Kind) && !(await store.PinnedOriginsAsync(incidentId, ct)).Contains(origin))
        {
            return IncidentResult<Incident>.Invalid([new IncidentError("rolls-up-automatically",
                $"{origin} rolls up automatically under the current roll-up settings ({KindSetting(origin.Kind)} on); to take it off "
                + $"{current.Number}, remove the evidence, or turn {KindSetting(origin.Kind)} off in the roll-up settings.", "origin")]);
        }

        await store.SetPinnedAsync(incidentId, origin, rolledUp, ct);
        var rollups = await rollup.RecomputeAsync(incidentId, ct, closedStart: true);
        return IncidentResult<Incident>.Ok((await store.FindAsync(incidentId, ct))!, rollups);
    }

    /// <summary>Stores the settings and recomputes every incident.</summary>
    public async Task<IReadOnlyList<RollupChange>> SetRollupSettingsAsync(RollupSettings value, CancellationToken ct)
    {
        await settings.SetAsync(value, ct);
        return await RecomputeAllAsync(ct);
    }

    /// <summary>
    /// Recomputes every incident's roll-up (children first is not needed: each pass walks up; closed incidents keep
    /// theirs). For changes that can move evidence of any incident: the roll-up settings, and a source activated or
    /// deactivated (evidence rolls up into the source it names, or the newest active Enterprise source, while usable).
    /// </summary>
    public async Task<IReadOnlyList<RollupChange>> RecomputeAllAsync(CancellationToken ct)
    {
        var changes = new List<RollupChange>();
        foreach (var id in await store.AllIdsAsync(ct))
        {
            changes.AddRange(await rollup.RecomputeAsync(id, ct));
        }

        return changes;
    }

    /// <summary>
    /// The stored key of the source evidence names (null: none named, the newest active Enterprise source is used), or
    /// null with an error on <paramref name="field"/> when that source is unknown, deactivated or not loaded: evidence
    /// placed against it would never reach the card.
    /// </summary>
    private async Task<string?> SourceKeyAsync(List<IncidentError> errors, string? key, string field, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        var source = await catalog.ResolveAsync(key, ct);
        if (source.Collection is null)
        {
            errors.Add(new IncidentError(source.ErrorCode!, source.Error!, field));
            return null;
        }

        return source.Collection.Info.Key;
    }

    private static string KindSetting(OriginKind kind) => kind switch
    {
        OriginKind.ThreatLookup => "threatLookups",
        OriginKind.Observable => "observables",
        OriginKind.ChildIncident => "childIncidents",
        _ => "alerts",
    };

    private async Task<bool> OriginExistsAsync(long incidentId, AssociationOrigin origin, CancellationToken ct)
    {
        var id = long.TryParse(origin.Ref, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        return origin.Kind switch
        {
            OriginKind.ThreatLookup => (await store.LookupsAsync(incidentId, ct)).Any(l => l.Id == id && l.ObservableId is null),
            OriginKind.Observable => (await store.ObservablesAsync(incidentId, ct)).Any(o => o.Id == id),
            OriginKind.ChildIncident => (await store.ChildrenAsync(incidentId, ct)).Any(c => c.Id == id),
            OriginKind.Alert => (await store.AlertsAsync(incidentId, ct)).Any(a => AssociationOrigin.Alert(a) == origin),
            _ => false,
        };
    }

    /// <param name="taken">The error when the store writes nothing because the item is already there (a null value).</param>
    private async Task<IncidentResult<T>> WithOpenIncidentAsync<T>(long incidentId, List<IncidentError> errors, Func<Task<T?>> write, CancellationToken ct,
        Func<IncidentError>? taken = null)
    {
        var current = await store.FindAsync(incidentId, ct);
        if (current is null)
        {
            return IncidentResult<T>.NotFound(Incident.Missing(incidentId));
        }

        if (current.IsClosed)
        {
            return IncidentResult<T>.Locked(current);
        }

        if (errors.Count > 0)
        {
            return IncidentResult<T>.Invalid(errors);
        }

        var value = await write();
        if (value is null && taken is not null)
        {
            return IncidentResult<T>.Invalid([taken()]);
        }

        if (value is false)
        {
            return IncidentResult<T>.NotFound($"{current.Number} has no such item.");
        }

        return IncidentResult<T>.Ok(value!, await rollup.RecomputeAsync(incidentId, ct));
    }

    /// <summary>
    /// Checks that <paramref name="id"/> (null for a new incident) may sit under <paramref name="parentId"/> with a
    /// subtree <paramref name="height"/> levels deep below it: the parent exists and is open, no cycle forms, and the
    /// deepest incident of the subtree has at most <see cref="IncidentLimits.MaxNesting"/> ancestors (roll-up walks
    /// that far, so anything deeper would never reach the root).
    /// </summary>
    private async Task<IEnumerable<IncidentError>> CheckParentAsync(long? id, long parentId, int height, CancellationToken ct)
    {
        long? cursor = parentId;
        for (var depth = 0; cursor is { } at; depth++)
        {
            if (at == id)
            {
                return [new IncidentError("parent-cycle", "An incident cannot be its own ancestor.", "parentId")];
            }

            if (depth + height >= IncidentLimits.MaxNesting)
            {
                return [TooDeep(parentId, height)];
            }

            var parent = await store.FindAsync(at, ct);
            if (parent is null)
            {
                return [new IncidentError("unknown-parent", $"Parent incident {at} does not exist.", "parentId")];
            }

            if (depth == 0 && parent.IsClosed)
            {
                return [ClosedParent(parent)];
            }

            cursor = parent.ParentId;
        }

        return [];
    }

    /// <summary>How many levels of descendants <paramref name="id"/> has (0 without children), counted up to just past the limit.</summary>
    private async Task<int> SubtreeHeightAsync(long id, CancellationToken ct)
    {
        var height = 0;
        IReadOnlyList<long> level = [id];
        while (height <= IncidentLimits.MaxNesting)
        {
            var next = new List<long>();
            foreach (var node in level)
            {
                next.AddRange((await store.ChildrenAsync(node, ct)).Select(c => c.Id));
            }

            if (next.Count == 0)
            {
                break;
            }

            height++;
            level = next;
        }

        return height;
    }

    private static IncidentError TooDeep(long parentId, int height) => new("too-deep",
        $"parentId: under {Incident.FormatNumber(parentId)} {(height == 0 ? "this incident" : $"this incident's child incidents ({height} level(s) of them)")} "
        + $"would nest more than {IncidentLimits.MaxNesting} levels deep; incidents nest at most {IncidentLimits.MaxNesting} levels.", "parentId");

    // A child's associations roll up into its parent: attaching one to a closed incident would change what it was closed with.
    private static IncidentError ClosedParent(Incident parent) =>
        new("parent-closed", $"{parent.Number} is closed; reopen it to attach a child incident.", "parentId");

    private static List<IncidentError> Fields(string? title, string? description, string? assignee)
    {
        var errors = new List<IncidentError>();
        EvidenceRules.Text(errors, "title", title, IncidentLimits.MaxTitle);
        EvidenceRules.Text(errors, "description", description, IncidentLimits.MaxDescription, required: false, multiLine: true);
        EvidenceRules.Text(errors, "assignee", assignee, IncidentLimits.MaxAssignee, required: false);
        return errors;
    }

    /// <summary>
    /// Ok with <paramref name="saved"/> as stored once roll-up ran: a recompute that changed the incident's own derived
    /// rows bumped its version after the save, and a caller answered with the saved copy would send that older version
    /// next and be refused as stale (409).
    /// </summary>
    private async Task<IncidentResult<Incident>> AsStoredAsync(Incident saved, IReadOnlyList<RollupChange> rollups, CancellationToken ct) =>
        IncidentResult<Incident>.Ok(rollups.Any(r => r.IncidentId == saved.Id) ? await store.FindAsync(saved.Id, ct) ?? saved : saved, rollups);

    private static IncidentResult<T> Stale<T>(Incident current) =>
        IncidentResult<T>.Conflict($"{current.Number} was changed by someone else (now version {current.Version}); reload and retry.", current);

    private async Task<IncidentResult<T>> FailedSaveAsync<T>(SaveResult<Incident> saved, long id, CancellationToken ct) => saved.Status switch
    {
        SaveStatus.Conflict => Stale<T>((await store.FindAsync(id, ct))!),
        SaveStatus.NotFound => IncidentResult<T>.NotFound(saved.Message ?? Incident.Missing(id)),
        _ => IncidentResult<T>.Invalid([new IncidentError("invalid", saved.Message ?? "Invalid input.", "")]),
    };
}
