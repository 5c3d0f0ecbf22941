namespace Tessera.Cli;

/// <summary>
/// Writes a command's output file whole or not at all: into a temporary file beside the target, then moved over it,
/// so an error or a stop half-way leaves the previous file as it was. A target that cannot be written (a folder, a
/// folder that does not exist, no permission) is one line naming it, not a stack trace.
/// </summary>
public static class OutputFile
{
    /// <summary>True when written; false after printing why not.</summary>
    public static async Task<bool> WriteAsync(CliConsole console, string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            console.Fail($"cannot write {path}: is a folder, not a file");
            return false;
        }

        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            console.Fail($"cannot write {path}: folder {folder} does not exist");
            return false;
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await write(file, ct);
            }

            File.Move(temporary, target, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Fail($"cannot write {path}: {ex.Message}");
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static Task<bool> WriteAsync(CliConsole console, string path, byte[] content, CancellationToken ct) =>
        WriteAsync(console, path, (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);

    public static Task<bool> WriteAsync(CliConsole console, string path, string content, CancellationToken ct) =>
        WriteAsync(console, path, System.Text.Encoding.UTF8.GetBytes(content), ct);
}
