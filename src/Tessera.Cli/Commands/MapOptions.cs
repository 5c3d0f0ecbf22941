using System.CommandLine;
using System.Text.Json;
using Tessera.Core.Alerts;
using Tessera.Server.Alerts;

namespace Tessera.Cli.Commands;

/// <summary>Options and helpers shared by the alert-mapping verbs (<c>map</c>, <c>library replay</c>).</summary>
public static class MapOptions
{
    public static Option<string> Input() => new("--input", "-i") { Description = "JSON-lines file, or - for standard input", Required = true };

    public static Option<int> Top() => new("--top") { Description = "Techniques per alert (1..50)", DefaultValueFactory = _ => 5 };

    public static Option<string?> Data() => new("--data")
    {
        Description = "Shared public data folder the mapper trains on (ATT&CK, Sigma, Atomic, CTID); default ../shared/data or " + DataLocations.SharedDataEnvironmentVariable,
    };

    // Error lines keep "id": null so every output line has the same top-level keys a consumer can test.
    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web);

    private sealed record LineError(string? Id, int Line, string Error);

    /// <summary>The built mapper (cached per process), or null after printing why.</summary>
    public static async Task<AlertMapper?> LoadMapperAsync(CliConsole console, string? data)
    {
        var folder = data ?? DataLocations.DefaultSharedDataFolder();
        if (!AlertMapperCache.HasTrainingData(folder))
        {
            console.Fail(folder is null
                ? "no shared data for the alert mapper: pass --data PATH or set " + DataLocations.SharedDataEnvironmentVariable
                : $"{folder}: not a shared data folder (needs attack/ and sigma/)");
            return null;
        }

        try
        {
            return (await AlertMapperCache.GetAsync(folder!)).Mapper;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            console.Fail("the alert mapper could not be built: " + ex.Message);
            return null;
        }
    }

    /// <summary>
    /// The input opened, then the mapper built; null after printing why. The input comes first because building takes
    /// tens of seconds: a mistyped path fails at once.
    /// </summary>
    public static async Task<(Stream Input, AlertMapper Mapper)?> OpenAsync(CliConsole console, string input, string? data)
    {
        if (OpenInput(console, input) is not { } stream)
        {
            return null;
        }

        if (await LoadMapperAsync(console, data) is not { } mapper)
        {
            await stream.DisposeAsync();
            return null;
        }

        return (stream, mapper);
    }

    /// <summary>Opens the input (a file or standard input), or null after printing why.</summary>
    private static Stream? OpenInput(CliConsole console, string input)
    {
        if (input == "-")
        {
            return Console.OpenStandardInput();
        }

        if (!File.Exists(input))
        {
            console.FailNoFile(input);
            return null;
        }

        return File.OpenRead(input);
    }

    public static bool CheckTop(CliConsole console, int top) => top is >= 1 and <= 50 || console.Fail("--top must be 1..50") == 0;

    /// <summary>
    /// Writes the error line that keeps output aligned with input (its reasons joined by "; "), and each reason on
    /// standard error located as every alert verb locates it: <c>tessera: FILE:line N (field): reason</c> (no file for
    /// standard input).
    /// </summary>
    public static async Task WriteLineErrorAsync(CliConsole console, int line, IReadOnlyList<Tessera.Core.Alerts.Ingest.AlertParseError> errors)
    {
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(new LineError(null, line, string.Join("; ", errors.Select(e => e.Message))), ErrorJson));
        foreach (var error in errors)
        {
            await console.Error.WriteLineAsync("tessera: " + error);
        }
    }
}
