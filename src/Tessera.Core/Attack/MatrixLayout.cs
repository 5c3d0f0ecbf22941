namespace Tessera.Core.Attack;

/// <summary>A domain's matrix as the UI draws it: tactic columns in matrix order.</summary>
public sealed record MatrixLayout(Matrix Matrix, IReadOnlyList<MatrixColumn> Columns);

/// <summary>One tactic column: its active techniques sorted by name.</summary>
public sealed record MatrixColumn(Tactic Tactic, IReadOnlyList<MatrixCell> Techniques);

/// <summary>A technique cell with its active sub-techniques sorted by name.</summary>
public sealed record MatrixCell(Technique Technique, IReadOnlyList<Technique> Subtechniques);
