using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>Answers "how well is this technique covered?" for threat and exposure prioritisation.</summary>
public interface ITechniqueCoverageLookup
{
    /// <summary>The coverage level of a technique; <see cref="TechniqueCoverageLevel.None"/> for IDs it does not know.</summary>
    TechniqueCoverageLevel LevelOf(TechniqueId id);
}

/// <summary>Ready-made <see cref="ITechniqueCoverageLookup"/> adapters.</summary>
public static class TechniqueCoverageLookup
{
    /// <summary>Wraps a function, e.g. one that maps the coverage engine's state to a level.</summary>
    public static ITechniqueCoverageLookup From(Func<TechniqueId, TechniqueCoverageLevel> levelOf) => new FuncLookup(levelOf);

    /// <summary>Looks levels up in a dictionary; missing IDs are <see cref="TechniqueCoverageLevel.None"/>.</summary>
    public static ITechniqueCoverageLookup From(IReadOnlyDictionary<TechniqueId, TechniqueCoverageLevel> levels) =>
        new FuncLookup(id => levels.GetValueOrDefault(id));

    /// <summary>Every technique uncovered: the lookup to use before any coverage is recorded.</summary>
    public static ITechniqueCoverageLookup Nothing { get; } = new FuncLookup(_ => TechniqueCoverageLevel.None);

    private sealed class FuncLookup(Func<TechniqueId, TechniqueCoverageLevel> levelOf) : ITechniqueCoverageLookup
    {
        public TechniqueCoverageLevel LevelOf(TechniqueId id) => levelOf(id);
    }
}
