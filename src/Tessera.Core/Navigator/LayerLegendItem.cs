namespace Tessera.Core.Navigator;

/// <summary>One legend row: a label and its colour.</summary>
public sealed record LayerLegendItem(string Label, string Color);
