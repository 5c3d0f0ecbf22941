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
    /// <remarks>With <paramref name="modelFolder"/> (default options only), the trained model and its calibration are saved
    /// there (<see cref="ModelFile"/>) and the next build from the same data and code loads them instead of training:
    /// the corpus is still read, to compute the key and the decomposer's evidence. A missing, stale or damaged file
    /// means a normal build (the reason is in <see cref="AlertMapperBuild.Notes"/>); a folder that cannot be written
    /// is noted, not an error. The folder keeps the <see cref="KeptModelFiles"/> newest model files.</remarks>
    public static AlertMapperBuild Build(string sharedDataPath, AlertLibrary? library = null, ModelOptions? options = null, bool calibrate = true,
        string? modelFolder = null)
    {
        var sw = Stopwatch.StartNew();
        var kev = LoadKev(sharedDataPath);
        var corpus = TrainingCorpus.Load(sharedDataPath, kev: kev);
        if (modelFolder is null || options is not null)
        {
            return Build(corpus, kev, library, options, calibrate, sw);
        }

        var key = ModelKey(corpus, sharedDataPath, calibrate);
        var path = Path.Combine(modelFolder, $"alert-model-{key[..16]}.bin");
        var notes = corpus.Notes.ToList();
        if (ModelFile.TryLoad(path, key, out var reason) is { } loaded)
        {
            var decomposer = new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, DetectableFamilies(corpus)));
            var mapper = new AlertMapper(loaded.Model, decomposer, corpus.Attack, library) { Newer = corpus.Newer };
            if (loaded.Calibration is { } c)
            {
                mapper = mapper.WithCalibration(c.Temperature, c.RestScore, c.Evidence, c.Confidence);
            }

            notes.Add($"alert model loaded from {path} (same training data and code as when it was saved)");
            return new AlertMapperBuild(mapper, sw.Elapsed, notes) { ModelFile = path };
        }

        if (File.Exists(path))
        {
            notes.Add($"alert model file {path} not used ({reason}); built again");
        }

        var built = Build(corpus, kev, library, null, calibrate, sw);
        try
        {
            Directory.CreateDirectory(modelFolder);
            var m = built.Mapper;
            ModelFile.Save(path, key, m.Model, calibrate ? new ModelFile.Calibration(m.Temperature, m.RestScore, m.Evidence, m.ConfidenceMap) : null);
            notes.Add($"alert model saved to {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add($"alert model not saved to {modelFolder}: {e.Message}");
        }

        PruneModelFolder(modelFolder, notes);
        return built with { Notes = notes, Elapsed = sw.Elapsed };
    }

    // Keeps the newest model files, and removes temporary files a writer killed mid-write left behind (an hour is far
    // longer than any write takes, so no file still being written is touched).
    private static void PruneModelFolder(string modelFolder, List<string> notes)
    {
        try
        {
            var folder = new DirectoryInfo(modelFolder);
            if (!folder.Exists)
            {
                return;
            }

            var stale = folder.GetFiles("alert-model-*.bin").OrderByDescending(f => f.LastWriteTimeUtc).Skip(KeptModelFiles)
                .Concat(folder.GetFiles("alert-model-*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)));
            foreach (var file in stale)
            {
                file.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add($"old alert model files not removed from {modelFolder}: {e.Message}");
        }
    }

    /// <summary>How many model files a model folder keeps (instances of different versions may share one).</summary>
    public const int KeptModelFiles = 3;

    /// <summary>Builds from an already-loaded corpus (evaluation re-uses one corpus for many folds).</summary>
    public static AlertMapperBuild Build(TrainingCorpus corpus, KevMappings kev, AlertLibrary? library = null, ModelOptions? options = null,
        bool calibrate = true, Stopwatch? sw = null)
    {
        sw ??= Stopwatch.StartNew();
        options ??= new ModelOptions();
        var previous = options.Exclude;
        ScoreFit.Result? calibration = null;
        TechniqueModel? model = null;
        AlertDecomposer? decomposer = null;
        // The calibration model and the final model are independent: build them side by side (most of a build is
        // single-threaded SGD, so the two cores are otherwise half idle). Each side builds its own entity index, whose
        // detectability counts leave out what that side's model leaves out.
        Parallel.Invoke(
            () =>
            {
                decomposer = new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, DetectableFamilies(corpus, options.Exclude)));
                model = TechniqueModelBuilder.Build(corpus, options);
            },
            () =>
            {
                if (!calibrate)
                {
                    return;
                }

                Func<TrainingDocument, bool> heldOutToo = d => CalibrationFold(d) || (previous?.Invoke(d) ?? false);
                var calibrationModel = TechniqueModelBuilder.Build(corpus, options with { Exclude = heldOutToo });
                var calibrationDecomposer = new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, DetectableFamilies(corpus, heldOutToo)));
                var heldOut = corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && CalibrationFold(d) && !(previous?.Invoke(d) ?? false))
                    .Select(LabelledAlert.FromTitle).ToList();
                calibration = ScoreFit.Fit(new AlertMapper(calibrationModel, calibrationDecomposer, corpus.Attack) { Newer = corpus.Newer }, heldOut);
            });
        var mapper = new AlertMapper(model!, decomposer!, corpus.Attack, library) { Newer = corpus.Newer };
        if (calibration is not null)
        {
            mapper = mapper.WithCalibration(calibration.Temperature, calibration.RestScore, calibration.Evidence, calibration.Confidence);
        }

        return new AlertMapperBuild(mapper, sw.Elapsed, corpus.Notes);
    }

    /// <summary>
    /// How many Sigma rules (outside <paramref name="exclude"/>) carry each technique family: what rules usually see.
    /// Families follow the loaded release (<see cref="Attack.NewerTechniques.FamilyHead"/>): a rule tagged v19's T1685 counts
    /// for 18.1's T1562, one tagged T1685.005 for T1070, so the entity evidence keyed by 18.1 IDs finds them.
    /// </summary>
    public static Dictionary<string, int> DetectableFamilies(TrainingCorpus corpus, Func<TrainingDocument, bool>? exclude = null) =>
        corpus.Documents.Where(d => d.Source == TrainingSource.Sigma && !(exclude?.Invoke(d) ?? false))
            .SelectMany(d => d.Labels.Select(l => corpus.Newer.FamilyHead(l) ?? l[..5]).Distinct()).GroupBy(l => l, StringComparer.Ordinal)
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
        var files = KevFiles(sharedDataPath);
        return File.Exists(files[0]) ? KevMappings.Load(files[0], files[1]) : KevMappings.Empty;
    }

    /// <summary>The <see cref="ModelFile.Key"/> a build from <paramref name="sharedDataPath"/> saves and looks for its model under.</summary>
    public static string ModelKey(TrainingCorpus corpus, string sharedDataPath, bool calibrate) =>
        ModelFile.Key(corpus, calibrate, KevFiles(sharedDataPath));

    // The files LoadKev reads: the KEV mappings, then the CVE-to-technique CSV.
    private static string[] KevFiles(string sharedDataPath) =>
        [Path.Combine(sharedDataPath, "ctid", TrainingCorpus.KevMappingsFile), Path.Combine(sharedDataPath, "ctid", "attack-to-cve-mappings.csv")];
}

/// <summary>A built mapper, how long it took, and data-loading notes (skipped folders, model file used or saved).</summary>
public sealed record AlertMapperBuild(AlertMapper Mapper, TimeSpan Elapsed, IReadOnlyList<string> Notes)
{
    /// <summary>The model file the trained model was loaded from instead of training, if any.</summary>
    public string? ModelFile { get; init; }
}
