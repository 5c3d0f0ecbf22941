namespace Tessera.Core.Storage;

/// <summary>How a store write ended. Expected failures are values, not exceptions.</summary>
public enum SaveStatus
{
    Saved,
    NotFound,
    /// <summary>Someone else changed the row since it was read (optimistic concurrency check failed).</summary>
    Conflict,
    /// <summary>A unique key (user name, API key id …) is already taken.</summary>
    Duplicate,
    /// <summary>The input broke a rule; <see cref="SaveResult{T}.Message"/> says which.</summary>
    Invalid,
}

/// <summary>Outcome of a store write: the saved value (with its new version) or why nothing was saved.</summary>
public sealed record SaveResult<T>(SaveStatus Status, T? Value, string? Message = null) where T : class
{
    /// <summary>For <see cref="SaveStatus.Invalid"/>: the input field the message is about, when it is about one.</summary>
    public string? Field { get; init; }

    public bool IsSaved => Status == SaveStatus.Saved;

    public static SaveResult<T> Saved(T value) => new(SaveStatus.Saved, value);
    public static SaveResult<T> NotFound(string message) => new(SaveStatus.NotFound, null, message);
    public static SaveResult<T> Conflict(string message) => new(SaveStatus.Conflict, null, message);
    public static SaveResult<T> Duplicate(string message) => new(SaveStatus.Duplicate, null, message);
    public static SaveResult<T> Invalid(string message, string? field = null) => new(SaveStatus.Invalid, null, message) { Field = field };
}

/// <summary>Retrying a write another write overtook.</summary>
public static class SaveRetry
{
    /// <summary>
    /// Tries for a write sent without a version: the caller asked for no check, so a write that lands between its read
    /// and its save is no reason to refuse it; it is applied on top (each retry follows a write that won), and only a
    /// conflict this many times over is reported.
    /// </summary>
    public const int UnversionedAttempts = 10;

    /// <summary>
    /// Runs <paramref name="write"/> (given its attempt number, 1 first; a later attempt reads the current version
    /// again) until it ends in anything but <see cref="SaveStatus.Conflict"/>, at most <paramref name="attempts"/> times.
    /// </summary>
    public static async Task<SaveResult<T>> WhileConflictAsync<T>(int attempts, Func<int, Task<SaveResult<T>>> write) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await write(attempt);
            if (result.Status != SaveStatus.Conflict || attempt >= attempts)
            {
                return result;
            }
        }
    }
}
