using Tessera.Tests.Shared;
using BenchmarkDotNet.Attributes;
using Tessera.Core.Navigator;

namespace Tessera.Benchmarks;

/// <summary>Reading and writing the Atomic Red Team layer (380 techniques, 69 KB).</summary>
[MemoryDiagnoser]
public class NavigatorBenchmarks
{
    private byte[] _json = [];
    private Layer _layer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = File.ReadAllBytes(SharedData.Combine("navigator", "sample-art-navigator-layer.json"));
        _layer = LayerReader.Read(_json).Layer;
    }

    [Benchmark]
    public int Read() => LayerReader.Read(_json).Layers[0].Techniques.Count;

    [Benchmark]
    public long Write()
    {
        using var buffer = new MemoryStream();
        LayerWriter.Write(_layer, buffer, indented: false);
        return buffer.Length;
    }

    [Benchmark]
    public int RoundTrip() => LayerWriter.WriteToString(LayerReader.Read(_json).Layer, indented: false).Length;
}
