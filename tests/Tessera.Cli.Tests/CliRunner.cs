using Tessera.Tests.Shared;

namespace Tessera.Cli.Tests;

/// <summary>Runs the real command tree in-process, capturing standard output and error.</summary>
public static class CliRunner
{
    public sealed record Run(int Exit, string Out, string Error)
    {
        public IReadOnlyList<string> Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Task<Run> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="input"/> as standard input (null: none).</summary>
    public static async Task<Run> RunWithInputAsync(string? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = input is null ? null : new StringReader(input);
        var exit = await TesseraCli.RunAsync(args, output, error, reader, TestContext.Current.CancellationToken);
        return new Run(exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs the built <c>tessera.dll</c> as a process of its own, for what the test host cannot show in-process: a web
    /// host (<c>serve</c>) or a working directory of the test's choosing.
    /// </summary>
    public static Task<Run> RunProcessAsync(string? workingDirectory, params string[] args) =>
        RunProcessAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunProcessAsync(string?, string[])"/>, with extra environment variables for the process.</summary>
    public static async Task<Run> RunProcessAsync(string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tessera.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Run(process.ExitCode, await output, await error);
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", name);

    /// <summary>The shared data folder, passed explicitly so tests never depend on the working directory.</summary>
    public static string Data => SharedData.Path;
}
