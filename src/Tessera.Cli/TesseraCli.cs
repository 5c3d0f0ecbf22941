using System.CommandLine;
using Tessera.Cli.Commands;

namespace Tessera.Cli;

/// <summary>The <c>tessera</c> command tree. Each verb group lives in Commands/ and is added here.</summary>
public static class TesseraCli
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Tessera: operational MITRE ATT&CK mapping for security teams (incidents, alert mapping, detection coverage).");
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(AttackCommands.Create(console));
        root.Subcommands.Add(LayerCommands.Create(console));
        root.Subcommands.Add(MapCommands.Create(console));
        root.Subcommands.Add(LibraryCommands.Create(console));
        root.Subcommands.Add(RulesCommands.Create(console));
        root.Subcommands.Add(ExposuresCommands.Create(console));
        root.Subcommands.Add(ValidationsCommands.Create(console));
        root.Subcommands.Add(CoverageCommands.Create(console));
        root.Subcommands.Add(IncidentCommands.Create(console));
        root.Subcommands.Add(AuditCommands.Create(console));
        root.Subcommands.Add(UsersCommands.Create(console));
        return root;
    }

    /// <summary>Runs with nothing on standard input (tests, and hosts that pass none).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct) =>
        RunAsync(args, output, error, null, ct);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input, CancellationToken ct)
    {
        var console = new CliConsole(output, error, input);
        var root = Build(console);
        var parse = root.Parse(args);
        // A usage error prints the command's help after the error: on standard error, so a pipeline that reads standard
        // output (--json) finds nothing there rather than help text. --help itself writes to standard output.
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = parse.Errors.Count > 0 ? error : output, Error = error, EnableDefaultExceptionHandler = false,
            }, ct);
        }
        catch (Infrastructure.Storage.UnstorableTextException ex)
        {
            // The net under the verbs' own validation: bad input, said in one line, not a stack trace.
            await error.WriteLineAsync("tessera: " + ex.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130; // stopped (Ctrl+C), as System.CommandLine answers it
        }
        catch (Exception ex)
        {
            // What System.CommandLine's default handler does: a bug is reported whole, exit 1.
            await error.WriteLineAsync("Unhandled exception: " + ex);
            return 1;
        }
    }
}
