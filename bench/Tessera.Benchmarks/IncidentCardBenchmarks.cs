using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Core.Attack;
using Tessera.Core.Incidents;
using Tessera.Core.Stix;
using Tessera.Server.Components.Incidents;

namespace Tessera.Benchmarks;

/// <summary>
/// Server-side render of the incident ATT&amp;CK card for an incident with 300 associations from 50 origins on the
/// real Enterprise 18.1 matrix: grouping rows, then the navigator view (origins and IDs shown) or the list view
/// rendered to HTML with Blazor's HtmlRenderer (the same components the page uses).
/// </summary>
[MemoryDiagnoser]
public class IncidentCardBenchmarks
{
    private AttackCollection _enterprise = null!;
    private IReadOnlyList<TechniqueAssociation> _associations = [];
    private ServiceProvider _services = null!;
    private HtmlRenderer _renderer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _enterprise = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        var origins = Enumerable.Range(0, 10).Select(i => AssociationOrigin.Manual($"analyst{i}"))
            .Concat(Enumerable.Range(1, 15).Select(i => AssociationOrigin.Lookup(i)))
            .Concat(Enumerable.Range(1, 10).Select(i => AssociationOrigin.Observable(i)))
            .Concat(Enumerable.Range(2, 10).Select(i => AssociationOrigin.Child(i)))
            .Concat(Enumerable.Range(1, 5).Select(i => new AssociationOrigin(OriginKind.Alert, $"#{i} rule {i}")))
            .ToList();
        // 60 placements (every 7th active technique, first tactic) × 5 origins each = 300 rows from 50 origins.
        var placements = _enterprise.Techniques.Where(t => t.IsActive && t.Tactics.Count > 0).Where((_, i) => i % 7 == 0).Take(60).ToList();
        _associations = placements.SelectMany((t, i) => Enumerable.Range(0, 5).Select(k => new TechniqueAssociation
        {
            Id = i * 5 + k, IncidentId = 1, SourceKey = _enterprise.Info.Key, Tactic = t.Tactics[0], TechniqueId = t.AttackId,
            Origin = origins[(i * 5 + k) % origins.Count], CreatedBy = "bench", CreatedAt = DateTimeOffset.UnixEpoch,
        })).ToList();
        _services = new ServiceCollection().AddLogging().BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, _services.GetRequiredService<ILoggerFactory>());
        _ = NavigatorView().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _renderer.Dispose();
        _services.Dispose();
    }

    [Benchmark]
    public int GroupRows() => Model().Rows.Count;

    [Benchmark]
    public Task<int> NavigatorView() => RenderAsync<IncidentMatrix>(Model());

    [Benchmark]
    public Task<int> ListView() => RenderAsync<AssociationList>(Model());

    private CardModel Model() =>
        new(IncidentCard.Rows(_associations, k => k == _enterprise.Info.Key ? _enterprise : null), k => k == _enterprise.Info.Key ? _enterprise : null)
        {
            ShowOrigin = true, ShowId = true,
        };

    private Task<int> RenderAsync<TComponent>(CardModel model) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                ["Model"] = model, ["CanEdit"] = true,
            }));
            return output.ToHtmlString().Length;
        });
}
