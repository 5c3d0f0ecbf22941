namespace Tessera.Core.Alerts.Model;

/// <summary>One technique the model ranks for a text, with the evidence behind its score.</summary>
/// <param name="Score">Uncalibrated similarity score (centroid + neighbour vote); comparable within one query.</param>
/// <param name="Terms">Query words/bigrams that contributed most to the technique's centroid similarity.</param>
/// <param name="Neighbours">Nearest training texts (e.g. Sigma titles) labelled with this technique, with cosine similarity.</param>
public sealed record ModelCandidate(string TechniqueId, float Score, IReadOnlyList<string> Terms, IReadOnlyList<ModelNeighbour> Neighbours);

/// <summary>A nearest training text and its similarity to the query.</summary>
public sealed record ModelNeighbour(string Text, TrainingSource Source, float Similarity);
