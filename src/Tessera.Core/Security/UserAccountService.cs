using System.Text.RegularExpressions;
using Tessera.Core.Storage;

namespace Tessera.Core.Security;

/// <summary>Creates users, checks passwords and bootstraps the first admin, on top of an <see cref="IUserStore"/>.</summary>
public sealed partial class UserAccountService(IUserStore users, PasswordHasher hasher, TimeProvider time)
{
    public const string BootstrapUserName = "admin";

    /// <summary>NIST SP 800-63B asks for at least 8; we ask for 12 because these accounts can change detections.</summary>
    public const int MinPasswordLength = 12;

    // Verified against when the user is unknown so a wrong name costs as long as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() => hasher.Hash(PasswordGenerator.Generate()));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex UserNameShape();

    /// <summary>
    /// Validates and stores a new user. Returns <see cref="SaveStatus.Invalid"/> for a bad name or weak password
    /// and <see cref="SaveStatus.Duplicate"/> when the name is taken.
    /// </summary>
    public async Task<SaveResult<User>> CreateAsync(NewUser request, CancellationToken ct)
    {
        // The API binds a body without these fields to nulls: each is named, never a NullReferenceException.
        if (string.IsNullOrEmpty(request.UserName))
        {
            return SaveResult<User>.Invalid("userName is required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return SaveResult<User>.Invalid("password is required.");
        }

        if (!Enum.IsDefined(request.Role))
        {
            return SaveResult<User>.Invalid($"role must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
        }

        if (!UserNameShape().IsMatch(request.UserName))
        {
            return SaveResult<User>.Invalid(
                "User name must be 1-64 characters: letters, digits, '.', '_', '@', '-', starting with a letter or digit.");
        }

        if (request.Password.Length < MinPasswordLength || request.Password.Length > PasswordHasher.MaxPasswordLength)
        {
            return SaveResult<User>.Invalid(
                $"Password must be {MinPasswordLength}-{PasswordHasher.MaxPasswordLength} characters.");
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            UserName = request.UserName,
            DisplayName = request.DisplayName,
            Role = request.Role,
            PasswordHash = hasher.Hash(request.Password),
            CreatedAt = time.GetUtcNow(),
        };
        return await users.CreateAsync(user, ct);
    }

    /// <summary>
    /// Returns the user when the name exists, the account is enabled and the password matches; otherwise null.
    /// Upgrades the stored hash when it was made with weaker parameters.
    /// </summary>
    public async Task<User?> VerifyPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var user = await users.FindByNameAsync(userName, ct);
        if (user is null)
        {
            hasher.Verify(password, _dummyHash.Value);
            return null;
        }

        var outcome = hasher.Verify(password, user.PasswordHash);
        if (outcome == PasswordVerification.Failed || user.Disabled)
        {
            return null;
        }

        if (outcome == PasswordVerification.SuccessRehashNeeded)
        {
            // A concurrent edit wins; the upgrade is retried at the next sign-in.
            var upgraded = await users.UpdateAsync(user with { PasswordHash = hasher.Hash(password) }, ct);
            return upgraded.Value ?? user;
        }

        return user;
    }

    /// <summary>
    /// On first start (no users at all) creates <see cref="BootstrapUserName"/> as admin with a generated password
    /// and returns it once; returns null when any user exists, including when another instance won the race.
    /// </summary>
    public async Task<BootstrapAdmin?> EnsureBootstrapAdminAsync(CancellationToken ct)
    {
        if (await users.AnyAsync(ct))
        {
            return null;
        }

        var password = PasswordGenerator.Generate();
        var created = await CreateAsync(new NewUser
        {
            UserName = BootstrapUserName,
            Password = password,
            Role = Role.Admin,
            DisplayName = "Administrator",
        }, ct);
        return created.IsSaved ? new BootstrapAdmin(BootstrapUserName, password) : null;
    }
}
