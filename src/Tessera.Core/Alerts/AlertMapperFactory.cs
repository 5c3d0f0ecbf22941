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
    /// Loads the training corpus and CTID files under <paramref name="sharedDataPath"/>, fits evidence weights and confidences (<see cref="Evaluation.ScoreFit"/>)
    /// on whole Sigma folders held out from a second model (see <see cref="CalibrationFold"/>), and trains on everything.
    /// Throws <see cref="IOException"/>/<see cref="System.Text.Json.JsonException"/> when the ATT&amp;CK bundle is unreadable.
    /// </summary>
    public static AlertMapperBuild Build(string sharedDataPath, AlertLibrary? library = null, ModelOptions? options = null, bool calibrate = true)
    {
        var sw = Stopwatch.StartNew();
        var kev = LoadKev(sharedDataPath);
        var corpus = TrainingCorpus.Load(sharedDataPath, kev: kev);
        return Build(corpus, kev, library, options, calibrate, sw);
    }

    /// <summary>Builds from an already-loaded corpus (evaluation re-uses one corpus for many folds).</summary>
    public static AlertMapperBuild Build(TrainingCorpus corpus, KevMappings kev, AlertLibrary? library = null, ModelOptions? options = null,
        bool calibrate = true, Stopwatch? sw = null, RerankFeatures rerank = RerankFeatures.None)
    {
        sw ??= Stopwatch.StartNew();
        return new AlertMapperBuild(Fit(BuildUnfitted(corpus, kev, library, options, calibrate), rerank), sw.Elapsed, corpus.Notes);
    }

    /// <summary>
    /// The final mapper and, when calibrating, the calibration mapper (trained without <see cref="CalibrationFold"/>)
    /// with the held-out titles it is fitted on, each with the Sigma detectability counts of its own training data.
    /// </summary>
    internal sealed record Unfitted(AlertMapper Mapper, IReadOnlyDictionary<string, int> Detectable, AlertMapper? Calibration,
        IReadOnlyDictionary<string, int> CalibrationDetectable, IReadOnlyList<LabelledAlert> HeldOut);

    /// <summary>Both models of <see cref="Build(TrainingCorpus, KevMappings, AlertLibrary?, ModelOptions?, bool, Stopwatch?, RerankFeatures)"/>, not yet fitted (evaluation fits several ways on one build).</summary>
    internal static Unfitted BuildUnfitted(TrainingCorpus corpus, KevMappings kev, AlertLibrary? library, ModelOptions? options, bool calibrate)
    {
        options ??= new ModelOptions();
        var previous = options.Exclude;
        Func<TrainingDocument, bool> heldOutToo = d => CalibrationFold(d) || (previous?.Invoke(d) ?? false);
        AlertMapper? mapper = null;
        AlertMapper? calibration = null;
        var detectable = DetectableFamilies(corpus, options.Exclude);
        var calibrationDetectable = DetectableFamilies(corpus, heldOutToo);
        // The calibration model and the final model are independent: build them side by side (most of a build is
        // single-threaded SGD, so the two cores are otherwise half idle). Each side builds its own entity index, whose
        // detectability counts leave out what that side's model leaves out.
        Parallel.Invoke(
            () => mapper = new AlertMapper(TechniqueModelBuilder.Build(corpus, options),
                new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, detectable)), corpus.Attack, library) { Newer = corpus.Newer },
            () =>
            {
                if (calibrate)
                {
                    calibration = new AlertMapper(TechniqueModelBuilder.Build(corpus, options with { Exclude = heldOutToo }),
                        new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, calibrationDetectable)), corpus.Attack) { Newer = corpus.Newer };
                }
            });
        var heldOut = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && CalibrationFold(d) && !(previous?.Invoke(d) ?? false))
            .Select(LabelledAlert.FromTitle).ToList();
        return new Unfitted(mapper!, detectable, calibration, calibrationDetectable, heldOut);
    }

    /// <summary>
    /// The final mapper with <paramref name="rerank"/> candidate features, its evidence and feature weights, temperature,
    /// rest score and confidence map fitted (<see cref="ScoreFit"/>) on the calibration mapper's held-out titles.
    /// </summary>
    internal static AlertMapper Fit(Unfitted built, RerankFeatures rerank, double featureRidge = ScoreFit.DefaultFeatureRidge, bool rankOnlyFeatures = false)
    {
        var attack = built.Mapper.Attack;
        var mapper = built.Mapper.WithFeatures(rerank == RerankFeatures.None ? null : new CandidateFeatures(attack, built.Detectable, rerank));
        if (built.Calibration is null)
        {
            return mapper;
        }

        var calibration = ScoreFit.Fit(
            built.Calibration.WithFeatures(rerank == RerankFeatures.None ? null : new CandidateFeatures(attack, built.CalibrationDetectable, rerank)),
            built.HeldOut, featureRidge, rankOnlyFeatures);
        return mapper.WithCalibration(calibration.Temperature, calibration.RestScore, calibration.Evidence, calibration.Confidence, calibration.FeatureWeights);
    }

    /// <summary>How many Sigma rules (outside <paramref name="exclude"/>) carry each technique family: what rules usually see.</summary>
    public static Dictionary<string, int> DetectableFamilies(TrainingCorpus corpus, Func<TrainingDocument, bool>? exclude = null) =>
        corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && !(exclude?.Invoke(d) ?? false))
            .SelectMany(d => d.Labels.Select(l => l[..5]).Distinct()).GroupBy(l => l, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Whole Sigma rule folders held out for calibration: confidences must hold for alerts from rule families the
    /// model never saw (other vendors), so the fit uses unseen folders (threat hunting, Linux/macOS, cloud, network,
    /// web, application), not a random slice of folders the model knows. Other sources keep their documents.
    /// </summary>
    internal static bool CalibrationFold(TrainingDocument d) =>
        d.Source == TrainingSource.Sigma && d.Group is "sigma/rules-threat-hunting" or "sigma/rules/linux" or "sigma/rules/macos"
            or "sigma/rules/cloud" or "sigma/rules/application" or "sigma/rules/network" or "sigma/rules/web";

    /// <summary>The CTID KEV mappings plus attack-to-cve-mappings.csv, or <see cref="KevMappings.Empty"/> when absent.</summary>
    public static KevMappings LoadKev(string sharedDataPath)
    {
        var kevFile = Path.Combine(sharedDataPath, "ctid", TrainingCorpus.KevMappingsFile);
        return File.Exists(kevFile) ? KevMappings.Load(kevFile, Path.Combine(sharedDataPath, "ctid", "attack-to-cve-mappings.csv")) : KevMappings.Empty;
    }
}

/// <summary>A built mapper, how long it took, and data-loading notes (skipped folders).</summary>
public sealed record AlertMapperBuild(AlertMapper Mapper, TimeSpan Elapsed, IReadOnlyList<string> Notes);
