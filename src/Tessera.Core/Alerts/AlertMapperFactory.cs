using System.Diagnostics;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Alerts.Evaluation;
using Tessera.Core.Alerts.Library;
using Tessera.Core.Alerts.Model;

namespace Tessera.Core.Alerts;

/// <summary>Builds a ready <see cref="AlertMapper"/> from the shared public data folder.</summary>
public static class AlertMapperFactory
{
    /// <summary>
    /// Loads the training corpus and CTID files under <paramref name="sharedDataPath"/>, fits the softmax
    /// temperature on a held-out fifth of Sigma rules (a model trained without them), then trains on everything.
    /// Throws <see cref="IOException"/>/<see cref="System.Text.Json.JsonException"/> when the ATT&amp;CK bundle is unreadable.
    /// </summary>
    public static AlertMapperBuild Build(string sharedDataPath, AlertLibrary? library = null, ModelOptions? options = null, bool calibrate = true)
    {
        var sw = Stopwatch.StartNew();
        var corpus = TrainingCorpus.Load(sharedDataPath);
        var kev = LoadKev(sharedDataPath);
        return Build(corpus, kev, library, options, calibrate, sw);
    }

    /// <summary>Builds from an already-loaded corpus (evaluation re-uses one corpus for many folds).</summary>
    public static AlertMapperBuild Build(TrainingCorpus corpus, KevMappings kev, AlertLibrary? library = null, ModelOptions? options = null,
        bool calibrate = true, Stopwatch? sw = null)
    {
        sw ??= Stopwatch.StartNew();
        options ??= new ModelOptions();
        var decomposer = new AlertDecomposer(kev);
        var temperature = 0.1;
        if (calibrate)
        {
            // Deterministic fifth of the Sigma rules the final model may also see: calibration needs scores on unseen titles.
            bool HeldOut(TrainingDocument d) => d.Source == TrainingSource.Sigma && (uint)StableHash(d.Display) % 5 == 0;
            var previous = options.Exclude;
            var calibrationModel = TechniqueModelBuilder.Build(corpus, options with { Exclude = d => HeldOut(d) || (previous?.Invoke(d) ?? false) });
            var mapper = new AlertMapper(calibrationModel, decomposer, corpus.Attack);
            var heldOut = corpus.Documents.Where(d => HeldOut(d) && !(previous?.Invoke(d) ?? false))
                .Select(d => new LabelledAlert(Alert.FromTitle(d.Display), d.Labels)).ToList();
            temperature = TemperatureFit.Fit(mapper, heldOut);
        }

        var model = TechniqueModelBuilder.Build(corpus, options);
        return new AlertMapperBuild(new AlertMapper(model, decomposer, corpus.Attack, library, temperature), sw.Elapsed, corpus.Notes);
    }

    /// <summary>The CTID KEV mappings plus attack-to-cve-mappings.csv, or <see cref="KevMappings.Empty"/> when absent.</summary>
    public static KevMappings LoadKev(string sharedDataPath)
    {
        var kevFile = Path.Combine(sharedDataPath, "ctid", TrainingCorpus.KevMappingsFile);
        return File.Exists(kevFile) ? KevMappings.Load(kevFile, Path.Combine(sharedDataPath, "ctid", "attack-to-cve-mappings.csv")) : KevMappings.Empty;
    }

    internal static int StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }
}

/// <summary>A built mapper, how long it took, and data-loading notes (skipped folders).</summary>
public sealed record AlertMapperBuild(AlertMapper Mapper, TimeSpan Elapsed, IReadOnlyList<string> Notes);
