using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Core.Attack;
using Tessera.Core.Stix;
using Tessera.Server.Components.Attack;

namespace Tessera.Benchmarks;

/// <summary>
/// Server-side render of the ATT&amp;CK matrix component to HTML, as the browser page does on first load.
/// Target: under 100 ms for Enterprise 18.1 (14 tactics, ~700 cells with every sub-technique expanded).
/// </summary>
[MemoryDiagnoser]
public class MatrixRenderBenchmarks
{
    private HtmlRenderer _renderer = null!;
    private ServiceProvider _services = null!;
    private MatrixLayout _layout = null!;

    [Params(false, true)]
    public bool ExpandAll { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = StixBundleReader.ReadFile(SharedData.Combine("attack", "enterprise-attack-18.1.json")).Collection!;
        _layout = collection.Matrix()!;
        _services = new ServiceCollection().AddLogging().BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _renderer.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Benchmark]
    public Task<int> RenderMatrix() => _renderer.Dispatcher.InvokeAsync(async () =>
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(AttackMatrix.Layout)] = _layout,
            [nameof(AttackMatrix.SourceKey)] = "enterprise-attack@18.1",
            [nameof(AttackMatrix.ExpandAll)] = ExpandAll,
        });
        var output = await _renderer.RenderComponentAsync<AttackMatrix>(parameters);
        return output.ToHtmlString().Length;
    });
}
