using Tessera.Core.Security;
using Tessera.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Server.Demo;

/// <summary>
/// One demo user per role, so a newcomer can see what each role may do. The passwords are fixed and printed:
/// this runs only with <c>--demo</c>, which is for trying Tessera out, never for production data.
/// </summary>
public sealed class UsersDemoSeeder : IDemoSeeder
{
    public static readonly IReadOnlyList<(string UserName, Role Role)> Users =
    [
        ("analyst", Role.Analyst),
        ("engineer", Role.DetectionEngineer),
        ("viewer", Role.Viewer),
    ];

    public const string Password = "tessera-demo-password";

    public int Order => 0;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var store = context.Services.GetRequiredService<IUserStore>();
        var accounts = context.Services.GetRequiredService<UserAccountService>();
        foreach (var (userName, role) in Users)
        {
            if (await store.FindByNameAsync(userName, ct) is null)
            {
                await accounts.CreateAsync(new NewUser { UserName = userName, Password = Password, Role = role, DisplayName = $"Demo {role}" }, ct);
            }
        }

        await context.Console.WriteLineAsync(
            $"Demo users (password '{Password}'): {string.Join(", ", Users.Select(u => $"{u.UserName} ({u.Role})"))}.");
    }
}
