using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Api.Users;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera users list</c> and <c>tessera users set-password</c>: for an operator who can reach the database but has
/// lost the admin password (or must lock a user out with a new one). The new password is read from standard input,
/// never taken as an argument, which would stay in the shell's history and show in the process list.
/// </summary>
public static class UsersCommands
{
    public static Command Create(CliConsole console)
    {
        var users = new Command("users", "Users who sign in to the web UI: list them, set a password");
        users.Subcommands.Add(List(console));
        users.Subcommands.Add(SetPassword(console));
        return users;
    }

    private static Command List(CliConsole console)
    {
        var db = CoverageCliSupport.Db();
        var json = AttackOptions.Json();
        var command = new Command("list", "List users: name, role, active or disabled, display name") { db, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var users = await services.GetRequiredService<IUserStore>().ListAsync(ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(users.Select(UserView.Of));
                return 0;
            }

            foreach (var u in users)
            {
                console.Out.WriteLine($"{CliConsole.Field(u.UserName)}\t{u.Role}\t{(u.Disabled ? "disabled" : "active")}\t{CliConsole.Field(u.DisplayName)}");
            }

            console.Out.WriteLine($"{users.Count} users");
            return 0;
        });
        return command;
    }

    private static Command SetPassword(CliConsole console)
    {
        var user = new Option<string>("--user") { Description = "The user name (tessera users list shows them)", Required = true };
        var db = CoverageCliSupport.Db();
        var json = new Option<bool>("--json") { Description = "The user as users list --json shows it, on standard output (never the password)" };
        var command = new Command("set-password",
            "Set a user's password, read from standard input (first line), or asked for twice when run in a terminal; the user's sign-ins end")
        {
            user, db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(user) ?? "";
            if (string.IsNullOrWhiteSpace(name))
            {
                return console.Fail("--user: name the user (tessera users list shows them)");
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            if (await services.GetRequiredService<IUserStore>().FindByNameAsync(name, ct) is not { } stored)
            {
                return console.Fail($"--user: no user '{CliConsole.Field(name)}' (tessera users list shows them)");
            }

            var password = await ReadPasswordAsync(console, stored.UserName, ct);
            if (password is null)
            {
                return 1;
            }

            var change = await services.GetRequiredService<UserAccountService>().ResetPasswordAsync(stored.Id, password, ct);
            if (!change.IsSaved)
            {
                return console.Fail(change.Message ?? "password not set");
            }

            await CliAudit.WriteAsync(services, "user.password.reset", "user", stored.Id.ToString(), UserView.Of(change.Before!), UserView.Of(change.After!), ct);
            if (parse.GetValue(json))
            {
                console.WriteJson(new { passwordSet = true, signInsEnded = true, user = UserView.Of(change.After!) });
            }
            else
            {
                console.Out.WriteLine($"Password of '{CliConsole.Field(stored.UserName)}' set; their existing sign-ins end.");
            }

            if (change.After!.Disabled)
            {
                console.Error.WriteLine($"tessera: note: '{CliConsole.Field(stored.UserName)}' is disabled and cannot sign in until an admin enables the account.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// The first line of standard input; in a terminal, asked for twice without echo. Null, after saying why, when there
    /// is none or the two differ.
    /// </summary>
    private static async Task<string?> ReadPasswordAsync(CliConsole console, string userName, CancellationToken ct)
    {
        if (console.InIsTerminal)
        {
            var first = ReadHidden(console, $"New password for '{CliConsole.Field(userName)}': ");
            var second = ReadHidden(console, "Again: ");
            if (first != second)
            {
                console.Fail("the two passwords differ; nothing was changed");
                return null;
            }

            return first;
        }

        var line = await console.In.ReadLineAsync(ct);
        if (string.IsNullOrEmpty(line))
        {
            console.Fail("no password on standard input: pipe it in (e.g. from a password manager) or run the command in a terminal to be asked");
            return null;
        }

        return line;
    }

    private static string ReadHidden(CliConsole console, string prompt)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        console.Error.WriteLine();
        return text.ToString();
    }
}
