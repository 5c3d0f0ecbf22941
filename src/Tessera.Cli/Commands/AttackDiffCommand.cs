using System.CommandLine;

namespace Tessera.Cli.Commands;

public static partial class AttackCommands
{
    private static Command Diff(CliConsole console)
    {
        var from = new Argument<string>("from") { Description = "Older version or key, e.g. 17.1" };
        var to = new Argument<string>("to") { Description = "Newer version or key, e.g. 18.1" };
        var command = new Command("diff", "What changed between two ATT&CK versions") { from, to };
        command.SetAction(_ => console.Fail("attack diff is not built yet"));
        return command;
    }
}
