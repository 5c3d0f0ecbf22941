using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Decomposition;
using Tessera.Core.Alerts.Model;

namespace Tessera.AlertEval;

/// <summary>Named model-selection experiments (run with <c>--dev=name</c>); results are recorded in docs/ALERT-MAPPING.md.</summary>
internal static class Experiments
{
    public static void Run(TrainingCorpus corpus, KevMappings kev, string which)
    {
        var baseline = new ModelOptions { LinearWeight = 0, Normalise = false };
        var linear = new ModelOptions { LinearFamilies = false, LinearLearningRate = 1, LinearEpochs = 5 };
        switch (which)
        {
            case "baseline":
                Dev.Run(corpus, kev, which, baseline, []);
                break;
            case "linear":
                Dev.Run(corpus, kev, which, linear,
                [
                    ("linear only", linear with { CentroidWeight = 0, NeighbourWeight = 0 }),
                    ("linear 2", linear with { LinearWeight = 2 }),
                    ("linear 0.5", linear with { LinearWeight = 0.5f }),
                    ("linear 1 no centroid", linear with { CentroidWeight = 0 }),
                    ("linear 1 knn 0.5", linear with { NeighbourWeight = 0.5f }),
                ]);
                break;
            case "linear2":
                foreach (var (n, o) in new[] { ("families lr1", linear with { LinearFamilies = true }), ("families lr3 e8", linear with { LinearFamilies = true, LinearLearningRate = 3, LinearEpochs = 8 }) })
                {
                    Dev.Run(corpus, kev, n, o,
                    [
                        ("linear only", o with { CentroidWeight = 0, NeighbourWeight = 0 }),
                        ("knn 0.5", o with { NeighbourWeight = 0.5f }),
                        ("linear 2 knn 0.5", o with { LinearWeight = 2, NeighbourWeight = 0.5f }),
                    ]);
                }

                break;
            case "linear3":
                var f = linear with { LinearFamilies = true, LinearLearningRate = 3, LinearEpochs = 8 };
                foreach (var (n, o) in new[] { ("families lr10 e10", f with { LinearLearningRate = 10, LinearEpochs = 10 }), ("families lr3 e8 + normalise", f with { Normalise = true }) })
                {
                    Dev.Run(corpus, kev, n, o,
                    [
                        ("linear only", o with { CentroidWeight = 0, NeighbourWeight = 0 }),
                        ("knn 0.5", o with { NeighbourWeight = 0.5f }),
                        ("linear 2 knn 0.5", o with { LinearWeight = 2, NeighbourWeight = 0.5f }),
                    ]);
                }

                break;
            case "sources":
                var current = new ModelOptions();
                foreach (var (n, o) in new[]
                {
                    ("current defaults", current),
                    ("linear + procedures 0.3", current with { LinearSourceWeights = With(current.LinearSourceWeights, (TrainingSource.AttackProcedure, 0.3f)) }),
                    ("linear + procedures 0.3 + tram 0.3", current with { LinearSourceWeights = With(current.LinearSourceWeights, (TrainingSource.AttackProcedure, 0.3f), (TrainingSource.Tram, 0.3f)) }),
                })
                {
                    Dev.Run(corpus, kev, n, o, [("linear 3", o with { LinearWeight = 3 }), ("knn 1", o with { NeighbourWeight = 1 })]);
                }

                break;
            case "titles":
                var d = new ModelOptions();
                var titles2 = d with { LinearTitleWeights = With(d.LinearTitleWeights, (TrainingSource.Sigma, 2f), (TrainingSource.Atomic, 1f)) };
                foreach (var (n, o) in new[] { ("current defaults", d), ("linear title copies Sigma 2, Atomic 1", titles2) })
                {
                    Dev.Run(corpus, kev, n, o,
                    [
                        ("family bonus 0.5", o with { FamilyBonus = 0.5f }),
                        ("sub-technique share 0.5", o with { SubtechniqueShare = 0.5f }),
                        ("prior 0.05", o with { PriorWeight = 0.05f }),
                        ("neighbours 20", o with { Neighbours = 20 }),
                        ("neighbour sharpness 2, knn 1", o with { NeighbourSharpness = 2, NeighbourWeight = 1 }),
                    ]);
                }

                break;
            case "detections":
                // Detection strategies enter the corpus as alert-like texts (kNN, centroid weight 1 by default); compare with them left out.
                var withDetections = new ModelOptions();
                var without = withDetections with { Exclude = doc => doc.Source == TrainingSource.AttackDetection };
                var linearToo = withDetections with
                {
                    LinearSourceWeights = With(withDetections.LinearSourceWeights, (TrainingSource.AttackDetection, 1f)),
                    LinearTitleWeights = With(withDetections.LinearTitleWeights, (TrainingSource.AttackDetection, 1f)),
                };
                foreach (var (n, o) in new[] { ("without detection strategies", without), ("detection strategies: centroid + kNN", withDetections), ("detection strategies: centroid + kNN + linear", linearToo) })
                {
                    Dev.Run(corpus, kev, n, o, [("knn 1", o with { NeighbourWeight = 1 })]);
                }

                break;
            case "entities":
                // ATT&CK groups/software named in titles: evidence for the techniques they use (weights chosen here).
                var idx = AttackEntityIndex.Build(corpus.Attack, AlertMapperFactory.DetectableFamilies(corpus, x => x.Group == Dev.EmergingThreats));
                Console.WriteLine($"entity index: {idx.Count} groups/software/campaigns");
                var finder = new AlertDecomposer(KevMappings.Empty, idx.With(0.1f, 0.5f, 40, includeTools: true));
                var named = corpus.Documents.Where(doc => doc.Source == TrainingSource.Sigma && doc.Group != Dev.EmergingThreats)
                    .Select(doc => (doc, parts: finder.Decompose(Tessera.Core.Alerts.Alert.FromTitle(doc.Display)).Threats))
                    .Where(x => x.parts.Count > 0).ToList();
                Console.WriteLine($"non-hold-out Sigma titles naming an entity: {named.Count}");
                foreach (var g in named.SelectMany(x => x.parts).GroupBy(p => p.Name).OrderByDescending(g => g.Count()).Take(60))
                {
                    Console.Write($"{g.Key}={g.Count()} ");
                }

                Console.WriteLine();
                var q = new ModelOptions();
                var grid = new List<(string, ModelOptions, AttackEntityIndex?)> { ("no entities", q, AttackEntityIndex.Empty) };
                foreach (var b in new[] { 0.05f, 0.1f, 0.2f, 0.4f })
                {
                    foreach (var m in new[] { 0f, 0.5f, 1f })
                    {
                        grid.Add(($"no tools: base {b} match {m}", q, idx.With(b, m, 40, includeTools: false)));
                    }
                }

                foreach (var max in new[] { 40, 15, 10 })
                {
                    grid.Add(($"tools too: base 0.1 match 0.5 max {max}", q, idx.With(0.1f, 0.5f, max)));
                }


                // Dev fold of its own: the Sigma titles outside the hold-out that name an entity, trained without them.
                var namedTitles = named.Select(x => x.doc).ToHashSet();
                Dev.RunWithEntities(corpus, kev, which, q, grid, [("named entity", doc => namedTitles.Contains(doc))]);
                Dev.RunWithEntities(corpus, kev, which + " (standard folds)", q, grid.Where(g => g.Item1 is "no entities" || g.Item1.StartsWith("tools too", StringComparison.Ordinal)).ToList());
                break;
            case "cloud":
                // CTID cloud security-stack mappings: comments in the centroids, quoted alert names in the neighbour index.
                var withCloud = new ModelOptions();
                var noCloud = withCloud with { Exclude = doc => doc.Source == TrainingSource.CloudMapping };
                var cloudHalf = withCloud with { SourceWeights = With(withCloud.SourceWeights, (TrainingSource.CloudMapping, 0.5f)) };
                var cloudLinear = withCloud with
                {
                    LinearSourceWeights = With(withCloud.LinearSourceWeights, (TrainingSource.CloudMapping, 0.5f)),
                };
                var cloudLinear1 = withCloud with
                {
                    LinearSourceWeights = With(withCloud.LinearSourceWeights, (TrainingSource.CloudMapping, 1f)),
                };
                var round = Environment.GetEnvironmentVariable("TESSERA_CLOUD_ROUND") == "2"
                    ? new[] { ("cloud mappings: centroid 1 + kNN + linear 1", cloudLinear1), ("cloud mappings: centroid 0.5 + kNN + linear 0.5", cloudHalf with { LinearSourceWeights = cloudLinear.LinearSourceWeights }) }
                    : new[] { ("without cloud mappings", noCloud), ("cloud mappings: centroid 1 + kNN", withCloud), ("cloud mappings: centroid 0.5 + kNN", cloudHalf), ("cloud mappings: centroid 1 + kNN + linear 0.5", cloudLinear) };
                foreach (var (n, o) in round)
                {
                    Dev.Run(corpus, kev, n, o, []);
                }

                break;
            case "views":
                // View weights again, now that the corpus holds the cloud mappings (query-time: one set of fold builds).
                var vw = new ModelOptions();
                Dev.Run(corpus, kev, which, vw,
                [
                    ("linear 3", vw with { LinearWeight = 3 }),
                    ("linear 1.5", vw with { LinearWeight = 1.5f }),
                    ("knn 1", vw with { NeighbourWeight = 1 }),
                    ("knn 0.25", vw with { NeighbourWeight = 0.25f }),
                    ("centroid 0.5", vw with { CentroidWeight = 0.5f }),
                    ("centroid 1.5", vw with { CentroidWeight = 1.5f }),
                    ("neighbours 20", vw with { Neighbours = 20 }),
                    ("family bonus 0.5", vw with { FamilyBonus = 0.5f }),
                ]);
                break;
            case "errors-cloud":
                Dev.PrintErrors(corpus, kev, "cloud+app+net+web");
                break;
            case "errors-vendor-names":
                Dev.PrintErrors(corpus, kev, doc => doc.Source == TrainingSource.CloudMapping,
                    doc => doc.AlertLike && doc.Display.Contains(' ', StringComparison.Ordinal));
                break;
            case "errors-threat-hunting":
                Dev.PrintErrors(corpus, kev, "threat-hunting");
                break;
            case "errors-windows":
                Dev.PrintErrors(corpus, kev, "windows-quarter");
                break;
            case "atomic":
                // Another "vendor": Atomic Red Team test names, with Atomic left out of training (a proxy for rule sets
                // written by others; names describe the test, not an alert).
                Dev.RunWithEntities(corpus, kev, "atomic names, round 3 defaults", new ModelOptions(),
                    [("no entity evidence", new ModelOptions(), AttackEntityIndex.Empty)],
                    [("atomic", doc => doc.Source == TrainingSource.Atomic)]);
                Dev.RunWithEntities(corpus, kev, "atomic names, without cloud mappings", new ModelOptions { Exclude = doc => doc.Source == TrainingSource.CloudMapping }, [],
                    [("atomic", doc => doc.Source == TrainingSource.Atomic)]);
                break;
            case "renumbered":
                // v19 renumbering (T1562.001 → T1685): one class under the newer ID, or two as before.
                Dev.Run(corpus, kev, "renumbered techniques kept apart", new ModelOptions { MergeRenumbered = false }, []);
                Dev.Run(corpus, kev, "renumbered techniques merged under the newer ID", new ModelOptions { MergeRenumbered = true }, []);
                // CTID's vendor names carry 16.1 IDs (T1562.001): the gold an older rule set would have.
                foreach (var merge in new[] { false, true })
                {
                    Dev.RunWithEntities(corpus, kev, $"ctid vendor names written as words, merged {merge}", new ModelOptions { MergeRenumbered = merge }, [],
                        [("ctid names", doc => doc.Source == TrainingSource.CloudMapping && (!doc.AlertLike || doc.Display.Contains(' ', StringComparison.Ordinal)))]);
                }

                break;
            case "platforms":
                // A cloud/SaaS/container platform named in the title penalises techniques ATT&CK lists only elsewhere.
                Dev.RunWithEntities(corpus, kev, which, new ModelOptions(), [], mapperVariants:
                [
                    ("penalty off", m => m.WithPlatformPenalty(1)),
                    ("penalty 0.8", m => m.WithPlatformPenalty(0.8)),
                    ("penalty 0.6", m => m.WithPlatformPenalty(0.6)),
                    ("penalty 0.4", m => m.WithPlatformPenalty(0.4)),
                    ("penalty 0.2", m => m.WithPlatformPenalty(0.2)),
                ]);
                break;
            case "detections-linear":
                // ATT&CK v18 detection strategies in the linear view too (they are in the centroids and the k-NN only).
                var d0 = new ModelOptions();
                foreach (var (n, o) in new[]
                {
                    ("strategies as documents 0.5", d0 with { LinearSourceWeights = With(d0.LinearSourceWeights, (TrainingSource.AttackDetection, 0.5f)) }),
                    ("strategy names as titles 0.5", d0 with { LinearTitleWeights = With(d0.LinearTitleWeights, (TrainingSource.AttackDetection, 0.5f)) }),
                })
                {
                    Dev.Run(corpus, kev, n, o, []);
                }

                break;
            case "subshare":
                // When the family's best sub-technique is reported instead of the parent (share of the family score).
                var ss = new ModelOptions();
                Dev.Run(corpus, kev, which, ss,
                [
                    ("sub share 0.7", ss with { SubtechniqueShare = 0.7f }),
                    ("sub share 0.8", ss with { SubtechniqueShare = 0.8f }),
                    ("sub share 0.9", ss with { SubtechniqueShare = 0.9f }),
                    ("parents only", ss with { SubtechniqueShare = 2f }),
                ]);
                break;
            case "defaults":
                // The current defaults on the dev folds (compare a change by running this before and after it).
                Dev.Run(corpus, kev, which, new ModelOptions(), []);
                break;
            case "vendor-names":
                // Alert and finding names of Microsoft and AWS products quoted in CTID's security-stack mappings (Sentinel
                // analytics, Defender alerts, GuardDuty finding types): other vendors' own titles, with every CTID cloud
                // mapping left out of training. Lenient: a name quoted in several comments carries all their techniques.
                var names = corpus.Documents.Where(doc => doc.Source == TrainingSource.CloudMapping && doc.AlertLike).ToList();
                Console.WriteLine($"  {names.Count} names, {names.Average(doc => doc.Labels.Count):F1} techniques each on average, {names.Count(doc => doc.Labels.Count == 1)} with one");
                Dev.RunWithEntities(corpus, kev, "ctid vendor names", new ModelOptions(), [],
                    [("ctid names", doc => doc.Source == TrainingSource.CloudMapping)]);
                // Worded names only: AWS Config rule identifiers ("redshift-cluster-kms-enabled") are settings, not alerts.
                Dev.RunWithEntities(corpus, kev, "ctid vendor names written as words", new ModelOptions(), [],
                    [("ctid names", doc => doc.Source == TrainingSource.CloudMapping && (!doc.AlertLike || doc.Display.Contains(' ', StringComparison.Ordinal)))],
                    [("platform penalty off", m => m.WithPlatformPenalty(1)), ("platform penalty 0.4", m => m.WithPlatformPenalty(0.4))]);
                break;
            case "pipeline":
                // The whole factory per dev fold (model, calibration model, fitted evidence weights, confidence map).
                Dev.RunPipeline(corpus, kev);
                break;
            case "svm-baseline":
                // The reference system (TF-IDF + linear SVM) on our hold-out, dev folds and vendor names.
                SvmBaseline.Run(corpus);
                break;
            case "svm-baseline-raw":
                SvmBaseline.RawCounts = true;
                SvmBaseline.Run(corpus);
                break;
            case "svm-fusion":
                SvmFusion.Run(corpus, kev);
                break;
            case "agreement":
                // No model: how often a near-twin title's tags (another rule, often another author) match a rule's own.
                Agreement.Run(corpus);
                break;
            case "linear-capacity":
                // With the linear view training in seconds (session 16), more of it: epochs, learning rate, denser updates.
                var capacity = new ModelOptions();
                foreach (var (n, o) in new[]
                {
                    ("defaults", capacity),
                    ("epochs 12", capacity with { LinearEpochs = 12 }),
                    ("epochs 16 lr 2", capacity with { LinearEpochs = 16, LinearLearningRate = 2 }),
                    ("min gradient 0.003", capacity with { LinearMinGradient = 0.003f }),
                    ("min gradient 0.03", capacity with { LinearMinGradient = 0.03f }),
                    ("sub-technique classes", capacity with { LinearFamilies = false }),
                })
                {
                    Dev.Run(corpus, kev, n, o, []);
                }

                break;
            case "speed":
                Profile(corpus, kev, new ModelOptions());
                break;
            default:
                Console.WriteLine($"unknown experiment '{which}'");
                break;
        }
    }

    private static Dictionary<TrainingSource, float> With(IReadOnlyDictionary<TrainingSource, float> weights, params (TrainingSource Source, float Weight)[] changes)
    {
        var copy = weights.ToDictionary();
        foreach (var (source, weight) in changes)
        {
            copy[source] = weight;
        }

        return copy;
    }

    // Where ranking time goes: each stage of the mapper alone over the emerging-threats titles, one thread.
    private static void Profile(TrainingCorpus corpus, KevMappings kev, ModelOptions options)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        AlertMapperFactory.Build(corpus, kev, options: options);
        Console.WriteLine($"factory build (two models in parallel, calibration) {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var model = TechniqueModelBuilder.Build(corpus, options);
        Console.WriteLine($"model build {sw.Elapsed.TotalSeconds:F1} s");
        var decomposer = new AlertDecomposer(kev, AttackEntityIndex.Build(corpus.Attack, AlertMapperFactory.DetectableFamilies(corpus, x => x.Group == Dev.EmergingThreats)));
        sw.Restart();
        var timedIndex = AttackEntityIndex.Build(corpus.Attack, AlertMapperFactory.DetectableFamilies(corpus));
        Console.WriteLine($"entity index build {sw.ElapsedMilliseconds} ms ({timedIndex.Count} entities)");
        var plain = new AlertDecomposer(kev);
        var mapper = new Tessera.Core.Alerts.AlertMapper(model, decomposer, corpus.Attack);
        var alerts = corpus.Documents.Where(d => d.Group == Dev.EmergingThreats).Select(d => Tessera.Core.Alerts.Alert.FromTitle(d.Display)).ToArray();
        foreach (var (name, run) in new (string, Action<Tessera.Core.Alerts.Alert>)[]
        {
            ("decompose", a => decomposer.Decompose(a)),
            ("decompose without entities", a => plain.Decompose(a)),
            ("model rank", a => model.Rank(a.Title, 20, false)),
            ("signature", a => Tessera.Core.Alerts.Library.AlertSignature.Normalize(a.Title)),
            ("mapper rank", a => mapper.Rank(a, 5)),
            ("mapper map", a => mapper.Map(a, 5)),
        })
        {
            foreach (var a in alerts) { run(a); }
            var rounds = 20;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            for (var r = 0; r < rounds; r++) { foreach (var a in alerts) { run(a); } }
            var n = rounds * alerts.Length;
            var cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"  {name,-12} {n / sw.Elapsed.TotalSeconds,10:N0}/s wall  {n / cpuSeconds,10:N0}/s per CPU-second  {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n,8:N0} B/alert");
        }

        sw.Restart();
        Parallel.For(0, 20 * alerts.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => mapper.Rank(alerts[i % alerts.Length], 5));
        Console.WriteLine($"  mapper rank, 2 threads {20 * alerts.Length / sw.Elapsed.TotalSeconds,10:N0}/s wall");
    }
}
