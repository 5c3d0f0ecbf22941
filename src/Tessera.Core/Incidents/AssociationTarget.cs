namespace Tessera.Core.Incidents;

/// <summary>
/// What an association points at: a source, a tactic short name and a technique ID. An empty technique means
/// the tactic itself; an empty tactic means a rolled-up technique the source could not place.
/// </summary>
public sealed record AssociationTarget(string SourceKey, string Tactic, string TechniqueId);
