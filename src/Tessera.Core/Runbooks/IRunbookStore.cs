using Tessera.Core.Storage;

namespace Tessera.Core.Runbooks;

/// <summary>Stored runbooks. Writes validate with <see cref="RunbookEntry.Validate"/> and stamp time, author and version.</summary>
public interface IRunbookStore
{
    /// <summary>Every runbook, or those of one scope/target when given, ordered by target then title.</summary>
    Task<IReadOnlyList<RunbookEntry>> ListAsync(RunbookScope? scope, string? target, CancellationToken ct);

    /// <summary>The runbook, or null.</summary>
    Task<RunbookEntry?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Saves a new runbook (version 1) as <paramref name="by"/>; Invalid listing every problem when it breaks a rule.</summary>
    Task<SaveResult<RunbookEntry>> CreateAsync(RunbookEntry entry, string by, CancellationToken ct);

    /// <summary>
    /// Replaces title, scope, target, Markdown and owner of runbook <see cref="RunbookEntry.Id"/> when its stored version is
    /// still <paramref name="expectedVersion"/>; Conflict when someone saved in between, NotFound, or Invalid.
    /// </summary>
    Task<SaveResult<RunbookEntry>> UpdateAsync(RunbookEntry entry, long expectedVersion, string by, CancellationToken ct);

    /// <summary>Deletes the runbook when its version is still <paramref name="expectedVersion"/>; NotFound or Conflict otherwise.</summary>
    Task<SaveResult<RunbookEntry>> DeleteAsync(Guid id, long expectedVersion, CancellationToken ct);
}
