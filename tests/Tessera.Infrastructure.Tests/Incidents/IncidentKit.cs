using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Stix;
using Tessera.Tests.Shared;

namespace Tessera.Infrastructure.Tests.Incidents;

/// <summary>
/// The incident use cases over a real test database and the real Enterprise 18.1 bundle (read once per run).
/// The catalog stands in for the host's activation + loaded collections: 18.1 active, 17.1 registered but inactive.
/// </summary>
public sealed class IncidentKit
{
    public const string Enterprise = "enterprise-attack@18.1";
    public const string Inactive = "enterprise-attack@17.1";

    private static readonly Lazy<AttackCollection> Bundle = new(() =>
        StixBundleReader.ReadFile(SharedData.Enterprise181).Collection ?? throw new InvalidOperationException("Enterprise 18.1 failed to load"));

    public IncidentKit(TestDatabase db)
    {
        Store = db.Get<IIncidentStore>();
        Settings = new RollupSettingsStore(db.Get<ISettingsStore>());
        var catalog = new FixedCatalog(Bundle.Value);
        Rollup = new IncidentRollup(Store, Settings, catalog);
        Service = new IncidentService(Store, catalog, Rollup, Settings);
    }

    public static AttackCollection Collection => Bundle.Value;
    public IIncidentStore Store { get; }
    public IRollupSettingsSource Settings { get; }
    public IncidentRollup Rollup { get; }
    public IncidentService Service { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<Incident> CreateAsync(string title, long? parentId = null, IncidentSeverity severity = IncidentSeverity.High)
    {
        var result = await Service.CreateAsync(new NewIncident { Title = title, ParentId = parentId, Severity = severity }, Ct);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    }

    public async Task<Incident> AssociateAsync(Incident incident, string tactic, params string[] techniques)
    {
        var current = (await Store.FindAsync(incident.Id, Ct))!;
        var result = await Service.AssociateAsync(current.Id, current.Version,
            [new AssociationRequest(Enterprise, [new TacticSelection(tactic, techniques)])], "alice", Ct);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    }

    public async Task<ThreatLookup> LookupAsync(Incident incident, params string[] techniques)
    {
        var result = await Service.AddLookupAsync(new NewThreatLookup
        {
            IncidentId = incident.Id, Provider = "VirusTotal", Verdict = "malicious", Techniques = techniques,
        }, Ct);
        return result.Value ?? throw new InvalidOperationException(result.Message);
    }

    /// <summary>Distinct technique IDs with the origins that put each there, as "T1059.001=lookup:1,manual:alice".</summary>
    public async Task<IReadOnlyList<string>> TechniquesAsync(long incidentId) =>
        (await Store.AssociationsAsync(incidentId, Ct))
            .GroupBy(a => a.TechniqueId)
            .Select(g => $"{g.Key}={string.Join(",", g.Select(a => a.Origin.ToString()).Distinct().Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed class FixedCatalog(AttackCollection collection) : IAttackSourceCatalog
    {
        public Task<SourceResolution> ResolveAsync(string key, CancellationToken ct) => Task.FromResult(key switch
        {
            Enterprise => SourceResolution.Found(collection),
            Inactive => SourceResolution.Failed("inactive-source", $"{key} is deactivated."),
            _ => SourceResolution.Failed("unknown-source", $"{key} is not a source."),
        });

        public Task<AttackCollection?> DefaultAsync(AttackDomain domain, CancellationToken ct) =>
            Task.FromResult(domain == AttackDomain.Enterprise ? collection : null);
    }
}
