namespace Tessera.Core.Detection.Validation;

/// <summary>What a validation run showed.</summary>
public enum ValidationOutcome
{
    /// <summary>The test ran and the listed rules fired: they become tested-passing.</summary>
    Detected,

    /// <summary>The test ran and no rule fired: every enabled rule tagged with the technique becomes tested-failing.</summary>
    NotDetected,

    /// <summary>The test itself did not run (non-zero exit code, tool error): recorded, changes no rule.</summary>
    ExecutionFailed,

    /// <summary>Executed, detection not judged yet (an execution log alone cannot say what fired): recorded, changes no rule.</summary>
    Pending,
}
