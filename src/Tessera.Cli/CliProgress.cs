using Spectre.Console;

namespace Tessera.Cli;

/// <summary>
/// Progress for long imports, drawn on standard error only when it is a terminal and the command was not asked for
/// JSON: standard output stays machine-readable, and redirected or captured error streams get no control codes.
/// </summary>
public static class CliProgress
{
    /// <summary>Runs <paramref name="steps"/> in order, one progress row each (indeterminate: the readers report no position).</summary>
    public static async Task<IReadOnlyList<T>> RunAsync<T>(CliConsole console, bool json, IReadOnlyList<(string Label, Func<Task<T>> Work)> steps)
    {
        if (json || !console.ErrorIsTerminal)
        {
            var results = new List<T>(steps.Count);
            foreach (var (_, work) in steps)
            {
                results.Add(await work());
            }

            return results;
        }

        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await terminal.Progress()
            .AutoClear(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var rows = steps.Select(s => context.AddTask(Markup.Escape(s.Label), autoStart: false).IsIndeterminate()).ToList();
                var results = new List<T>(steps.Count);
                for (var i = 0; i < steps.Count; i++)
                {
                    rows[i].StartTask();
                    results.Add(await steps[i].Work());
                    rows[i].Value = rows[i].MaxValue;
                    rows[i].IsIndeterminate = false;
                    rows[i].StopTask();
                }

                return (IReadOnlyList<T>)results;
            });
    }
}
