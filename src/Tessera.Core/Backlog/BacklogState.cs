namespace Tessera.Core.Backlog;

/// <summary>Workflow state of a backlog item.</summary>
public enum BacklogState
{
    Open,
    InProgress,

    /// <summary>An engineer says the work is done; reopened automatically if coverage still shows the reason.</summary>
    Done,

    /// <summary>Coverage no longer shows the reason; only the reconciliation sets it.</summary>
    ClosedAutomatically,
}
