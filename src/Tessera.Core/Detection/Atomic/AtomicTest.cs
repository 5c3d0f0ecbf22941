using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// One atomic test. Tests read from the CSV index carry only technique, number, name, GUID and executor
/// name; the other fields are empty.
/// </summary>
public sealed record AtomicTest
{
    /// <summary><c>auto_generated_guid</c>: the stable identity execution logs refer to.</summary>
    public required Guid Guid { get; init; }
    public required TechniqueId Technique { get; init; }

    /// <summary>1-based position within the technique, as Invoke-AtomicTest numbers tests.</summary>
    public required int Number { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> SupportedPlatforms { get; init; } = [];
    public required AtomicExecutor Executor { get; init; }
    public IReadOnlyList<AtomicInputArgument> InputArguments { get; init; } = [];
    public string? DependencyExecutorName { get; init; }
    public int DependencyCount { get; init; }
}

/// <summary>How a test runs: <c>powershell</c>, <c>command_prompt</c>, <c>sh</c>, <c>bash</c> or <c>manual</c>.</summary>
public sealed record AtomicExecutor
{
    public required string Name { get; init; }
    public bool ElevationRequired { get; init; }
    public string? Command { get; init; }
    public string? CleanupCommand { get; init; }

    /// <summary>Instructions of a <c>manual</c> executor.</summary>
    public string? Steps { get; init; }
}

/// <summary>An <c>input_arguments</c> entry: name, description, type (string, path, url, integer, float) and default.</summary>
public sealed record AtomicInputArgument(string Name, string Description, string Type, string? Default);
