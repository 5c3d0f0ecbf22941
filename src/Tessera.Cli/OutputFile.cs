namespace Tessera.Cli;

/// <summary>
/// Writes a command's output file whole or not at all: into a temporary file beside the target, then moved over it,
/// so an error or a stop half-way leaves the previous file as it was. A target that cannot be written (a folder, a
/// folder that does not exist, no permission) is one line naming it, not a stack trace. A symbolic link is followed
/// (the file it points to is replaced, the link stays), and device and process files (<c>/dev/null</c>,
/// <c>/dev/stdout</c>) are written in place: moving a file over them would replace the device itself.
/// </summary>
public static class OutputFile
{
    private static readonly string[] SpecialFolders = ["/dev/", "/proc/", "/sys/"];

    /// <summary>True when written; false after printing why not.</summary>
    public static async Task<bool> WriteAsync(CliConsole console, string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
        {
            console.Fail($"cannot write {path}: is a folder, not a file");
            return false;
        }

        if (!ReplacesAtomically(target))
        {
            return await WriteInPlaceAsync(console, path, target, write, ct);
        }

        target = FinalTarget(target);

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

    /// <summary>
    /// False for a path that is, or is a link into, a device or process file system: there, a temporary file and a move
    /// would replace the device or fail, so the output is written straight into it.
    /// </summary>
    public static bool ReplacesAtomically(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var link = File.Exists(fullPath) ? File.ResolveLinkTarget(fullPath, returnFinalTarget: true) : null;
        return !SpecialFolders.Any(folder => fullPath.StartsWith(folder, StringComparison.Ordinal)
                                             || link?.FullName.StartsWith(folder, StringComparison.Ordinal) == true);
    }

    // A link's final target, so the move replaces the file it points to and the link stays a link.
    private static string FinalTarget(string fullPath) =>
        File.Exists(fullPath) && File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } final ? final.FullName : fullPath;

    private static async Task<bool> WriteInPlaceAsync(CliConsole console, string path, string target, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        try
        {
            await using var file = new FileStream(target, FileMode.Create, FileAccess.Write);
            await write(file, ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Fail($"cannot write {path}: {ex.Message}");
            return false;
        }
    }

    public static Task<bool> WriteAsync(CliConsole console, string path, byte[] content, CancellationToken ct) =>
        WriteAsync(console, path, (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);

    public static Task<bool> WriteAsync(CliConsole console, string path, string content, CancellationToken ct) =>
        WriteAsync(console, path, System.Text.Encoding.UTF8.GetBytes(content), ct);
}
