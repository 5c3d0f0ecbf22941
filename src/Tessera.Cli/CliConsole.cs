using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/> (text or JSON for scripts), problems and progress to <see cref="Error"/>;
/// what it reads from standard input comes from <see cref="In"/> (empty unless the caller passes one).
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, TextReader? input = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader In { get; } = input ?? TextReader.Null;

    /// <summary>True when <see cref="In"/> is the process's standard input and that is a terminal a person types into.</summary>
    public bool InIsTerminal => ReferenceEquals(In, Console.In) && !Console.IsInputRedirected;

    /// <summary>True when <see cref="Error"/> is the process's standard error and that is a terminal (not redirected, not a test's writer).</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Writes "tessera: message" to the error stream and returns the exit code to use.</summary>
    public int Fail(string message, int exitCode = 1)
    {
        Error.WriteLine("tessera: " + message);
        return exitCode;
    }

    /// <summary>
    /// User-entered text (titles, owners, assignees) made safe for one field of a text line: every control character —
    /// tab, line break, the escape that starts a terminal control sequence — becomes a space, so a title can neither
    /// break the tab-separated columns nor drive the reader's terminal. JSON output carries the text as it is.
    /// </summary>
    public static string Field(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(char.IsControl))
        {
            return text ?? "";
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }

    /// <summary>Fails for an input file that is not there, saying when the path is a folder rather than "no such file".</summary>
    public int FailNoFile(string path) =>
        Fail(Directory.Exists(path) ? $"{path}: is a folder, not a file" : $"{path}: no such file");
}
