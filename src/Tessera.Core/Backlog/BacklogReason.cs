namespace Tessera.Core.Backlog;

/// <summary>Why a priority technique needs detection work.</summary>
public enum BacklogReason
{
    /// <summary>No enabled rule.</summary>
    Gap,

    /// <summary>Rules exist but the data they need is missing.</summary>
    NoData,

    /// <summary>The latest validation of its rules failed.</summary>
    Failing,

    /// <summary>Its rules passed once, but the validation is overdue or predates a data source degradation.</summary>
    Stale,
}
