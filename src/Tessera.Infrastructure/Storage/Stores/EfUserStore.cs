using Microsoft.EntityFrameworkCore;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfUserStore(IDbContextFactory<TesseraDbContext> contexts) : IUserStore
{
    public async Task<SaveResult<User>> CreateAsync(User user, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = new UserEntity
        {
            Id = user.Id,
            UserName = user.UserName,
            NormalizedUserName = Normalize(user.UserName),
            DisplayName = user.DisplayName,
            Role = user.Role.ToString(),
            PasswordHash = user.PasswordHash,
            Disabled = user.Disabled,
            SignInStamp = user.SignInStamp,
            CreatedAt = user.CreatedAt,
        };
        db.Users.Add(entity);
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult<User>.Saved(ToUser(entity));
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<User>.Duplicate($"User name '{user.UserName}' is taken.");
        }
    }

    public async Task<SaveResult<User>> UpdateAsync(User user, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var guarded = !AdminGuard.Administers(user);
        await using var tx = guarded ? await db.Database.BeginTransactionAsync(ct) : null;
        if (guarded && db.Provider == StorageProvider.Postgres)
        {
            // Locks the enabled admins' rows until commit: a concurrent write that could take another admin away waits
            // here, then counts what this one left. (SQLite transactions begin IMMEDIATE, which serializes writers.)
            await db.Database.ExecuteSqlRawAsync(
                """SELECT 1 FROM users WHERE "Role" = 'Admin' AND NOT "Disabled" ORDER BY "Id" FOR UPDATE""", ct);
        }

        User? before = null;
        var (status, entity) = await VersionedUpdate.ApplyAsync<UserEntity>(db, user.Id, user.Version, e =>
        {
            before = ToUser(e);
            e.UserName = user.UserName;
            e.NormalizedUserName = Normalize(user.UserName);
            e.DisplayName = user.DisplayName;
            e.Role = user.Role.ToString();
            e.PasswordHash = user.PasswordHash;
            e.Disabled = user.Disabled;
            e.SignInStamp = user.SignInStamp;
        }, ct);
        if (status == SaveStatus.Saved && tx is not null)
        {
            var adminRole = nameof(Role.Admin);
            if (AdminGuard.TakesAway(before!, user) && !await db.Users.AnyAsync(u => u.Role == adminRole && !u.Disabled, ct))
            {
                await tx.RollbackAsync(ct);
                return SaveResult<User>.Invalid(AdminGuard.Refusal(before!));
            }

            await tx.CommitAsync(ct);
        }

        return status switch
        {
            SaveStatus.Saved => SaveResult<User>.Saved(ToUser(entity!)),
            SaveStatus.NotFound => SaveResult<User>.NotFound($"User {user.Id} does not exist."),
            SaveStatus.Conflict => SaveResult<User>.Conflict($"User '{user.UserName}' was changed by someone else; reload and retry."),
            _ => SaveResult<User>.Duplicate($"User name '{user.UserName}' is taken."),
        };
    }

    public async Task<User?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entity = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return entity is null ? null : ToUser(entity);
    }

    public async Task<User?> FindByNameAsync(string userName, CancellationToken ct)
    {
        var normalized = Normalize(userName);
        await using var db = contexts.CreateDbContext();
        var entity = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        return entity is null ? null : ToUser(entity);
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var entities = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(ct);
        return entities.ConvertAll(ToUser);
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Users.AnyAsync(ct);
    }

    private static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    private static User ToUser(UserEntity e) => new()
    {
        Id = e.Id,
        UserName = e.UserName,
        DisplayName = e.DisplayName,
        Role = Enum.Parse<Role>(e.Role),
        PasswordHash = e.PasswordHash,
        Disabled = e.Disabled,
        SignInStamp = e.SignInStamp,
        CreatedAt = e.CreatedAt,
        Version = e.Version,
    };
}
