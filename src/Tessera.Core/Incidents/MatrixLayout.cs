using System.Runtime.CompilerServices;
using Tessera.Core.Attack;

namespace Tessera.Core.Incidents;

/// <summary>
/// The columns of a source's matrix (tactics in matrix order) with their active techniques by name and each
/// technique's active sub-techniques. Incidents-local until the shared ATT&amp;CK matrix layout lands on main;
/// computed once per loaded collection and cached with it.
/// </summary>
public sealed class MatrixLayout
{
    private static readonly ConditionalWeakTable<AttackCollection, MatrixLayout> Cache = new();

    private MatrixLayout(IReadOnlyList<MatrixColumn> columns) => Columns = columns;

    public IReadOnlyList<MatrixColumn> Columns { get; }

    /// <summary>The layout of <paramref name="collection"/>'s first matrix (every ATT&amp;CK domain has one).</summary>
    public static MatrixLayout Of(AttackCollection collection) => Cache.GetValue(collection, Build);

    private static MatrixLayout Build(AttackCollection collection)
    {
        var tactics = collection.Matrices.FirstOrDefault()?.TacticRefs
            .Select(collection.FindByStixId<Tactic>).OfType<Tactic>().Where(t => t.IsActive).ToList()
            ?? collection.Tactics.Where(t => t.IsActive).ToList();
        var active = collection.Techniques.Where(t => t.IsActive).ToList();
        var subs = active.Where(t => t.IsSubtechnique)
            .GroupBy(t => t.AttackId[..5], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Technique>)g.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var columns = tactics.Select(tactic => new MatrixColumn(
            tactic,
            active.Where(t => !t.IsSubtechnique && t.Tactics.Contains(tactic.ShortName, StringComparer.Ordinal))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new MatrixEntry(t, (subs.GetValueOrDefault(t.AttackId) ?? [])
                    .Where(s => s.Tactics.Contains(tactic.ShortName, StringComparer.Ordinal)).ToList()))
                .ToList())).ToList();
        return new MatrixLayout(columns);
    }
}

/// <summary>One tactic column of a <see cref="MatrixLayout"/>.</summary>
public sealed record MatrixColumn(Tactic Tactic, IReadOnlyList<MatrixEntry> Techniques);

/// <summary>A technique in a column and its sub-techniques in the same tactic.</summary>
public sealed record MatrixEntry(Technique Technique, IReadOnlyList<Technique> Subtechniques);
