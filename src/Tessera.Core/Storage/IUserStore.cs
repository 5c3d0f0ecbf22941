using Tessera.Core.Security;

namespace Tessera.Core.Storage;

/// <summary>Persistence of <see cref="User"/>s. User names are unique ignoring case.</summary>
public interface IUserStore
{
    /// <summary>Inserts a user; <see cref="SaveStatus.Duplicate"/> when the name (ignoring case) is taken.</summary>
    Task<SaveResult<User>> CreateAsync(User user, CancellationToken ct);

    /// <summary>
    /// Writes every field of <paramref name="user"/> if its <see cref="User.Version"/> still matches the stored one.
    /// Returns the user with the incremented version, <see cref="SaveStatus.Conflict"/> when another writer got
    /// there first, or <see cref="SaveStatus.NotFound"/>. A write that demotes or disables the last enabled Admin is
    /// <see cref="SaveStatus.Invalid"/> with <see cref="AdminGuard.Refusal"/>, judged in the write's own transaction, so
    /// concurrent writes cannot together take every Admin away.
    /// </summary>
    Task<SaveResult<User>> UpdateAsync(User user, CancellationToken ct);

    /// <summary>The user with this id, or null.</summary>
    Task<User?> FindByIdAsync(Guid id, CancellationToken ct);

    /// <summary>The user with this name ignoring case, or null.</summary>
    Task<User?> FindByNameAsync(string userName, CancellationToken ct);

    /// <summary>All users ordered by name.</summary>
    Task<IReadOnlyList<User>> ListAsync(CancellationToken ct);

    /// <summary>True when at least one user exists.</summary>
    Task<bool> AnyAsync(CancellationToken ct);
}
