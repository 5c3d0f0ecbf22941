using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Incidents;

/// <summary>A source is usable when an admin activated it (<see cref="ISourceActivationStore"/>) and this instance loaded it.</summary>
public sealed class AttackSourceCatalog(ISourceActivationStore sources, KnowledgeBaseHost knowledge) : IAttackSourceCatalog
{
    public async Task<SourceResolution> ResolveAsync(string key, CancellationToken ct)
    {
        var stored = string.IsNullOrWhiteSpace(key) ? null : await sources.FindAsync(key.Trim(), ct);
        if (stored is null)
        {
            return SourceResolution.Failed("unknown-source",
                $"'{key}' is not an activated source; an admin activates collections under /api/v1/sources.");
        }

        if (!stored.IsActive)
        {
            return SourceResolution.Failed("inactive-source", $"{stored.Key} was deactivated by {stored.ChangedBy}; pick an active source.");
        }

        return knowledge.Find(stored.Key) is { } collection
            ? SourceResolution.Found(collection)
            : SourceResolution.Failed("source-not-loaded", $"{stored.Key} is active but this server did not load it.");
    }

    public async Task<AttackCollection?> DefaultAsync(AttackDomain domain, CancellationToken ct) =>
        (await sources.ListAsync(activeOnly: true, ct))
            .Where(s => s.Domain == domain)
            .Select(s => knowledge.Find(s.Key))
            .OfType<AttackCollection>()
            .MaxBy(c => Version.TryParse(c.Info.Version, out var v) ? v : new Version(0, 0));

    /// <summary>A loaded collection whether active or not: history recorded against a since-deactivated source stays readable.</summary>
    public AttackCollection? Loaded(string key) => knowledge.Find(key);

    /// <summary>Every active, loaded collection (what the source picker offers).</summary>
    public async Task<IReadOnlyList<AttackCollection>> ActiveAsync(CancellationToken ct) =>
        (await sources.ListAsync(activeOnly: true, ct)).Select(s => knowledge.Find(s.Key)).OfType<AttackCollection>().ToList();
}
