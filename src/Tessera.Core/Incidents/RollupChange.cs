namespace Tessera.Core.Incidents;

/// <summary>Rows one roll-up sync added or removed for one derived origin of one incident.</summary>
public sealed record RollupChange(long IncidentId, AssociationOrigin Origin, int Added, int Removed);
