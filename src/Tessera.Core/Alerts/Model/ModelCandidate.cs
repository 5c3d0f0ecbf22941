namespace Tessera.Core.Alerts.Model;

/// <summary>One technique the model ranks for a text, with the evidence behind its score.</summary>
/// <param name="Score">Uncalibrated similarity score (centroid + neighbour vote); comparable within one query.</param>
/// <param name="Terms">Query words/bigrams that contributed most to the technique's centroid similarity.</param>
/// <param name="Neighbours">Nearest training texts (e.g. Sigma titles) labelled with this technique, with cosine similarity.</param>
public sealed record ModelCandidate(string TechniqueId, float Score, IReadOnlyList<string> Terms, IReadOnlyList<ModelNeighbour> Neighbours)
{
    /// <summary>The score split by view (weighted as the model adds them); the rest of the score is the class prior.</summary>
    public ModelViews Views { get; init; }
}

/// <summary>Weighted contributions of the model's three views to a candidate's score (family roll-up included).</summary>
public readonly record struct ModelViews(float Centroid, float Linear, float Neighbours);

/// <summary>A nearest training text and its similarity to the query.</summary>
public sealed record ModelNeighbour(string Text, TrainingSource Source, float Similarity);
