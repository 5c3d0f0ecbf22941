namespace Tessera.Core.Alerts.Library;

/// <summary>A library entry matching an alert: exactly (same signature) or as a near duplicate with a similarity in (0,1).</summary>
public sealed record LibraryMatch(LibraryEntry Entry, bool Exact, double Similarity);
