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
            default:
                Console.WriteLine($"unknown experiment '{which}'");
                break;
        }
    }
}
