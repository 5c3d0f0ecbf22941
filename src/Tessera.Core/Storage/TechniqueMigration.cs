namespace Tessera.Core.Storage;

/// <summary>
/// One step of a collection upgrade: references to <see cref="OldId"/> become <see cref="NewId"/>
/// (e.g. a revoked technique replaced by its successor). Produced from an ATT&amp;CK version diff.
/// </summary>
public sealed record TechniqueMigration(string OldId, string NewId, string Reason);
