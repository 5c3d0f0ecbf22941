using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/> (text or JSON for scripts), problems and progress to <see cref="Error"/>.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when <see cref="Error"/> is the process's standard error and that is a terminal (not redirected, not a test's writer).</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Writes "tessera: message" to the error stream and returns the exit code to use.</summary>
    public int Fail(string message, int exitCode = 1)
    {
        Error.WriteLine("tessera: " + message);
        return exitCode;
    }

    /// <summary>Fails for an input file that is not there, saying when the path is a folder rather than "no such file".</summary>
    public int FailNoFile(string path) =>
        Fail(Directory.Exists(path) ? $"{path}: is a folder, not a file" : $"{path}: no such file");
}
