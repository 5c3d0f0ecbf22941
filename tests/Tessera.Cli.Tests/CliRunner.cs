using Tessera.Tests.Shared;

namespace Tessera.Cli.Tests;

/// <summary>Runs the real command tree in-process, capturing standard output and error.</summary>
public static class CliRunner
{
    public sealed record Run(int Exit, string Out, string Error)
    {
        public IReadOnlyList<string> Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<Run> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TesseraCli.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new Run(exit, output.ToString(), error.ToString());
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", name);

    /// <summary>The shared data folder, passed explicitly so tests never depend on the working directory.</summary>
    public static string Data => SharedData.Path;
}
