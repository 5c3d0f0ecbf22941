namespace Tessera.Core.Alerts.Model;

/// <summary>
/// Knobs of the technique ranking model. Defaults were chosen by measured accuracy on held-out Sigma
/// folders (see docs/ALERT-MAPPING.md); change them only with a new measurement.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Add character 4-grams of words of 5+ letters.</summary>
    public bool CharGrams { get; init; } = true;
    /// <summary>Title normalisation: CamelCase parts, spelled-out abbreviations, title boilerplate dropped.</summary>
    public bool Normalise { get; init; } = true;
    /// <summary>Nearest alert-like training texts that vote for their labels.</summary>
    public int Neighbours { get; init; } = 12;
    /// <summary>Weight of the neighbour vote against the technique-centroid similarity.</summary>
    public float NeighbourWeight { get; init; } = 0.5f;
    public float CentroidWeight { get; init; } = 1.0f;
    /// <summary>Neighbour similarities are raised to this power so close matches dominate.</summary>
    public float NeighbourSharpness { get; init; } = 1.0f;
    /// <summary>Share of a technique family's score a sub-technique needs to be reported instead of its parent.</summary>
    public float SubtechniqueShare { get; init; } = 0.6f;
    /// <summary>Share of the other family members' scores added to the best member's score (0 = max, 1 = sum).</summary>
    public float FamilyBonus { get; init; } = 0.3f;
    /// <summary>Weight of the class prior (log-frequency of the technique among alert-like training labels).</summary>
    public float PriorWeight { get; init; } = 0.01f;
    /// <summary>Features present in more than this share of alert-like texts are left out of the neighbour index (speed).</summary>
    public float MaxNeighbourFeatureShare { get; init; } = 0.02f;
    /// <summary>Centroid features kept per technique (largest weights); bounds memory and query time.</summary>
    public int MaxCentroidFeatures { get; init; } = 3000;
    /// <summary>Per-source weight when texts are summed into technique centroids.</summary>
    public IReadOnlyDictionary<TrainingSource, float> SourceWeights { get; init; } = new Dictionary<TrainingSource, float>
    {
        [TrainingSource.AttackTechnique] = 3.0f,
        [TrainingSource.AttackProcedure] = 0.5f,
        [TrainingSource.Sigma] = 2.0f,
        [TrainingSource.Atomic] = 1.0f,
        [TrainingSource.Tram] = 0.5f,
        [TrainingSource.Kev] = 1.0f,
        [TrainingSource.Library] = 2.0f,
        [TrainingSource.AttackDetection] = 1.0f,
        [TrainingSource.CloudMapping] = 1.0f,
    };
    /// <summary>Weight of the linear (softmax) view's probability; 0 skips training it.</summary>
    public float LinearWeight { get; init; } = 2.0f;
    /// <summary>Train the linear view on parent techniques only; the other views choose the sub-technique.</summary>
    public bool LinearFamilies { get; init; } = true;
    /// <summary>Passes of averaged SGD over the linear model's examples.</summary>
    public int LinearEpochs { get; init; } = 8;
    public float LinearLearningRate { get; init; } = 3.0f;
    /// <summary>
    /// Classes outside an example's gold below this softmax probability get no update; lower values make the weight
    /// table denser (more negative weights between confusable techniques) and the build slower.
    /// </summary>
    public float LinearMinGradient { get; init; } = 0.01f;
    /// <summary>Averaged weights smaller than this are dropped (memory and query time).</summary>
    public float LinearMinWeight { get; init; } = 0.005f;
    /// <summary>Per-source example weight of whole documents in the linear model (0 leaves the source out).</summary>
    public IReadOnlyDictionary<TrainingSource, float> LinearSourceWeights { get; init; } = new Dictionary<TrainingSource, float>
    {
        [TrainingSource.AttackTechnique] = 1.0f,
        [TrainingSource.AttackProcedure] = 0f,
        [TrainingSource.Sigma] = 1.0f,
        [TrainingSource.Atomic] = 0.5f,
        [TrainingSource.Tram] = 0f,
        [TrainingSource.Kev] = 0.5f,
        [TrainingSource.Library] = 1.0f,
        [TrainingSource.CloudMapping] = 0.5f,
    };
    /// <summary>Per-source weight of an extra title-only example (the document's display text) in the linear model.</summary>
    public IReadOnlyDictionary<TrainingSource, float> LinearTitleWeights { get; init; } = new Dictionary<TrainingSource, float>
    {
        [TrainingSource.AttackTechnique] = 1.0f,
        [TrainingSource.Sigma] = 1.0f,
        [TrainingSource.Atomic] = 0.5f,
        [TrainingSource.Library] = 1.0f,
    };
    /// <summary>
    /// Train techniques that newer content renumbered under their newer ID only (labels T1562.001 → T1685, from
    /// <see cref="TrainingCorpus.Newer"/>): otherwise 18.1's texts and current Sigma/Atomic labels split one technique in two.
    /// </summary>
    public bool MergeRenumbered { get; init; } = true;
    /// <summary>Documents to leave out (hold-out evaluation); null keeps all.</summary>
    public Func<TrainingDocument, bool>? Exclude { get; init; }
}
