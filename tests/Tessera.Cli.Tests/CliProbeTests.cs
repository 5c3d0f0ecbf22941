using System.CommandLine;

namespace Tessera.Cli.Tests;

/// <summary>
/// Every verb, with each of its text and file arguments and options given a value nobody plans for: empty, a folder, a
/// file in a folder that does not exist, a text file that is no JSON, CSV or database. Each run must end with an exit
/// code the README documents (0–3) and a message, never a stack trace. A throwaway version of this probe (a process per
/// run) found, in session 14, <c>library export --output FOLDER</c> and <c>layer convert --output FOLDER</c> ending in
/// stack traces; this keeps it, in-process. Every path points into the test's own folder, so no run can write anywhere
/// else; <c>serve</c> is left out (it would run until stopped).
/// </summary>
public sealed class CliProbeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryVerb_OddPathsAndTexts_ExitWithAMessageNeverAStackTrace()
    {
        var failures = new List<string>();
        var runs = 0;
        foreach (var (verb, command) in Leaves(TesseraCli.Build(new CliConsole(TextWriter.Null, TextWriter.Null)), []))
        {
            var arguments = command.Arguments.Where(a => IsText(a.ValueType)).ToList();
            var options = command.Options.Where(o => IsText(o.ValueType)).ToList();
            for (var slot = 0; slot < arguments.Count + options.Count; slot++)
            {
                // Fresh per run: a verb may write its output over the text file, and --db creates the folder it names.
                var text = _folder.Write($"not-data-{runs}.txt", "this is neither JSON, CSV, YAML nor a database\n");
                foreach (var value in new[] { "", _folder.Path, _folder.Combine($"missing-{runs}/out.json"), text })
                {
                    var args = new List<string>(verb);
                    args.AddRange(arguments.Select((_, i) => i == slot ? value : _folder.Combine("missing-input.json")));
                    if (slot >= arguments.Count)
                    {
                        args.AddRange([options[slot - arguments.Count].Name, value]);
                    }

                    // The database and the mapper's data stay in the test's folder unless they are the probed option:
                    // no run touches .tessera/, and the mapper fails at once instead of training for half a minute.
                    foreach (var (name, fallback) in new[] { ("--db", _folder.Combine("probe.db")), ("--data", _folder.Path) })
                    {
                        if (options.Any(o => o.Name == name) && !args.Contains(name))
                        {
                            args.AddRange([name, fallback]);
                        }
                    }

                    runs++;
                    var what = string.Join(' ', args.Select(a => a == "" ? "''" : a.Replace(_folder.Path, "TMP", StringComparison.Ordinal)));
                    try
                    {
                        var run = await CliRunner.RunAsync([.. args]);
                        if (run.Exit is < 0 or > 3 || (run.Error + run.Out).Contains("   at ", StringComparison.Ordinal))
                        {
                            failures.Add($"{what} -> exit {run.Exit}: {Cut(run.Error)}");
                        }
                    }
                    catch (Exception ex)
                    {
                        failures.Add($"{what} -> threw {ex.GetType().Name}: {Cut(ex.Message)}");
                    }
                }
            }
        }

        Assert.True(runs > 300, $"only {runs} runs were built from the command tree: did the verbs lose their options?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} runs:\n{string.Join('\n', failures.Take(30))}");
    }

    private static bool IsText(Type type) =>
        type == typeof(string) || type == typeof(string[]) || type == typeof(FileInfo) || type == typeof(DirectoryInfo);

    private static IEnumerable<(string[] Verb, Command Command)> Leaves(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands.Where(s => s.Name != "serve"))
        {
            string[] here = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0 || sub.Arguments.Count > 0 || sub.Action is not null)
            {
                yield return (here, sub);
            }

            foreach (var leaf in Leaves(sub, here))
            {
                yield return leaf;
            }
        }
    }

    private static string Cut(string text) => text.Length <= 300 ? text.Trim() : text[..300] + "…";
}
