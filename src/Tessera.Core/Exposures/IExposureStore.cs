using Tessera.Core.Attack;
using Tessera.Core.Storage;

namespace Tessera.Core.Exposures;

/// <summary>
/// Stored exposures, keyed by <see cref="ExposureKey"/>. Imports are all-or-nothing (one transaction) and idempotent:
/// importing the same file twice changes nothing the second time. Manual technique mappings belong to the stored
/// exposure and survive re-imports; the file's own <c>techniques</c> are replaced by each import. CVE-wide mappings
/// (<see cref="CveTechniqueMapping"/>) belong to no exposure: deleting every exposure with that CVE keeps them.
/// </summary>
public interface IExposureStore
{
    /// <summary>
    /// Adds new exposures and overwrites the imported values of existing ones (matched by key) as <paramref name="by"/>.
    /// Exposures absent from the file stay: one scan rarely sees the whole estate. Throws
    /// <see cref="ArgumentException"/> when two exposures share a key (the importer reports that as a row error first).
    /// </summary>
    /// <remarks>
    /// Lifecycle: new exposures are <see cref="ExposureStatus.Open"/>; a <see cref="ExposureStatus.Resolved"/> one in the file
    /// is reopened (changed by <paramref name="by"/>, reason naming <paramref name="source"/>) and counted as
    /// <see cref="ExposureStoreSummary.Reopened"/>; <see cref="ExposureStatus.Accepted"/> ones stay accepted until their
    /// <see cref="StoredExposure.AcceptedUntil"/> day: an expired acceptance the file reports is reopened the same way (its
    /// reason says when the acceptance expired).
    /// </remarks>
    Task<ExposureStoreSummary> ImportAsync(IReadOnlyList<Exposure> exposures, string by, string? source, CancellationToken ct);

    /// <summary>As <see cref="ImportAsync(IReadOnlyList{Exposure}, string, string?, CancellationToken)"/> without a source name.</summary>
    Task<ExposureStoreSummary> ImportAsync(IReadOnlyList<Exposure> exposures, string by, CancellationToken ct) =>
        ImportAsync(exposures, by, null, ct);

    /// <summary>
    /// Sets the lifecycle status as <paramref name="by"/> and returns the exposure. NotFound for an unknown ID; Invalid (the
    /// message starts with the field: <c>reason:</c>, <c>acceptedUntil:</c> or <c>status:</c>) for what
    /// <see cref="ExposureStatusRules.Validate"/> refuses at the store's clock: accepting without a reason or without an end
    /// day after today and within <see cref="StoredExposure.MaxAcceptanceDays"/>, an end day on another status, a reason over
    /// <see cref="StoredExposure.MaxStatusReasonChars"/>, an undefined status. Setting the same status, reason and end day
    /// again changes nothing (the returned exposure keeps its previous change time). Conflict, with nothing written, when
    /// <paramref name="expectedStatusVersion"/> is given and the exposure's <see cref="StoredExposure.StatusVersion"/> has moved
    /// on (another analyst, or an import reopening it); null means "whatever it is now" (scripts, the CLI).
    /// </summary>
    Task<SaveResult<StoredExposure>> SetStatusAsync(
        Guid id, long? expectedStatusVersion, ExposureStatus status, string? reason, DateOnly? acceptedUntil, string by, CancellationToken ct);

    /// <summary>As <see cref="SetStatusAsync(Guid, long?, ExposureStatus, string?, DateOnly?, string, CancellationToken)"/> on the current version.</summary>
    Task<SaveResult<StoredExposure>> SetStatusAsync(Guid id, ExposureStatus status, string? reason, DateOnly? acceptedUntil, string by, CancellationToken ct) =>
        SetStatusAsync(id, null, status, reason, acceptedUntil, by, ct);

    /// <summary>As <see cref="SetStatusAsync(Guid, long?, ExposureStatus, string?, DateOnly?, string, CancellationToken)"/> on the current version, without an end day (open and resolved).</summary>
    Task<SaveResult<StoredExposure>> SetStatusAsync(Guid id, ExposureStatus status, string? reason, string by, CancellationToken ct) =>
        SetStatusAsync(id, null, status, reason, null, by, ct);

    /// <summary>
    /// Every stored exposure matching <paramref name="query"/>, by severity (highest first), then key. A status filter uses
    /// <see cref="ExposureStatusRules.EffectiveStatus"/> at <see cref="ExposureQuery.AsOf"/> (else the store's clock):
    /// expired acceptances match <see cref="ExposureStatus.Open"/>, not <see cref="ExposureStatus.Accepted"/>.
    /// </summary>
    Task<IReadOnlyList<StoredExposure>> ListAsync(ExposureQuery query, CancellationToken ct);

    /// <summary>The exposure, or null.</summary>
    Task<StoredExposure?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="limit"/> acceptances whose end day has begun at <paramref name="now"/> and whose expiry has not been
    /// announced yet (<see cref="MarkExpiryAnnouncedAsync"/>), earliest end day first, without their manual technique links. Acceptances without an end day never appear.
    /// </summary>
    Task<IReadOnlyList<StoredExposure>> ListUnannouncedExpiriesAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Records that the expiry of exposure <paramref name="id"/>'s acceptance ending on <paramref name="until"/> was announced.
    /// True when this call recorded it; false when it was recorded already (by another instance, say) or the exposure no longer
    /// holds that acceptance (reopened, renewed or deleted meanwhile). A later acceptance of the same exposure is announced again.
    /// </summary>
    Task<bool> MarkExpiryAnnouncedAsync(Guid id, DateOnly until, CancellationToken ct);

    /// <summary>
    /// The exposure a scan names by asset and CVE (or by asset and finding ID when it has no CVE), matched on its
    /// <see cref="ExposureKey"/>; null when none is stored.
    /// </summary>
    async Task<StoredExposure?> FindAsync(string asset, string? cve, string id, CancellationToken ct)
    {
        var key = ExposureKey.For(asset, cve, id);
        return (await ListAsync(new ExposureQuery { Asset = asset.Trim(), Cve = cve?.Trim() }, ct)).FirstOrDefault(e => e.Key == key);
    }

    /// <summary>Links a technique to one exposure by hand; NotFound, or Duplicate when already linked by hand.</summary>
    Task<SaveResult<StoredExposure>> AddTechniqueAsync(Guid id, TechniqueId technique, string by, CancellationToken ct);

    /// <summary>Removes a manual link; NotFound when the exposure or that manual link does not exist.</summary>
    Task<SaveResult<StoredExposure>> RemoveTechniqueAsync(Guid id, TechniqueId technique, CancellationToken ct);

    /// <summary>
    /// Maps <paramref name="technique"/> to every exposure with <paramref name="cve"/>, stored or imported later, as
    /// <paramref name="by"/>. Idempotent: when the mapping exists already it is returned unchanged with
    /// <see cref="CveMappingAdded.Added"/> false. The CVE need not be stored on any exposure yet.
    /// </summary>
    Task<CveMappingAdded> AddCveMappingAsync(CveId cve, TechniqueId technique, string by, CancellationToken ct);

    /// <summary>Removes a CVE-wide mapping and returns it; NotFound when that mapping does not exist. Per-exposure mappings stay.</summary>
    Task<SaveResult<CveTechniqueMapping>> RemoveCveMappingAsync(CveId cve, TechniqueId technique, CancellationToken ct);

    /// <summary>Every CVE-wide mapping, by CVE then technique.</summary>
    Task<IReadOnlyList<CveTechniqueMapping>> ListCveMappingsAsync(CancellationToken ct);

    /// <summary>Deletes the exposure and its manual links, returning what was deleted; NotFound when absent.</summary>
    Task<SaveResult<StoredExposure>> DeleteAsync(Guid id, CancellationToken ct);
}
