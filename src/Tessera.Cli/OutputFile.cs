namespace Tessera.Cli;

/// <summary>
/// Writes a command's output file whole or not at all: into a temporary file beside the target, then moved over it,
/// so an error or a stop half-way leaves the previous file as it was. A target that cannot be written (a folder, a
/// folder that does not exist, no permission) is one line naming it, not a stack trace. A symbolic link is followed
/// (the file it points to is replaced, the link stays), and device and process files (<c>/dev/null</c>,
/// <c>/dev/stdout</c>) are written in place: moving a file over them would replace the device itself. A replaced file
/// keeps its permission bits (not its owner: the new file belongs to whoever runs the command).
/// </summary>
public static class OutputFile
{
    private static readonly string[] SpecialFolders = ["/dev/", "/proc/", "/sys/"];

    /// <summary>True when written; false after printing why not.</summary>
    public static async Task<bool> WriteAsync(CliConsole console, string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            console.Fail($"cannot write {path}: is a folder, not a file");
            return false;
        }

        // Null for a device: written in place. Otherwise the file to replace, through a temporary file in its folder.
        var replaced = AtomicTarget(full);
        string? temporary = null;
        if (replaced is not null)
        {
            var folder = Path.GetDirectoryName(replaced)!;
            if (!Directory.Exists(folder))
            {
                console.Fail($"cannot write {path}: folder {folder} does not exist");
                return false;
            }

            temporary = Path.Combine(folder, $".{Path.GetFileName(replaced)}.{Guid.NewGuid():N}.tmp");
        }

        try
        {
            var options = new FileStreamOptions { Mode = temporary is null ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write };
            // The replacement keeps the permissions of the file it replaces (an export made private stays private), from
            // the moment it is created: a temporary file readable by everyone would show the content until the move.
            UnixFileMode? keptMode = null;
            if (temporary is not null && !OperatingSystem.IsWindows() && File.Exists(replaced))
            {
                keptMode = File.GetUnixFileMode(replaced);
                options.UnixCreateMode = keptMode;
            }

            await using (var file = new FileStream(temporary ?? full, options))
            {
                await write(file, ct);
            }

            if (temporary is not null)
            {
                if (keptMode is { } mode && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, mode); // the umask may have taken bits away at creation
                }

                File.Move(temporary, replaced!, overwrite: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Fail($"cannot write {path}: {ex.Message}");
            return false;
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// False for a path that is, or is a link into, a device or process file system: there, a temporary file and a move
    /// would replace the device or fail, so the output is written straight into it.
    /// </summary>
    public static bool ReplacesAtomically(string fullPath) => AtomicTarget(fullPath) is not null;

    // The file a move replaces: a link's final target (so the link stays a link), or the path itself; null for a path
    // that is, or links into, /dev, /proc or /sys. The link is resolved once, for both answers.
    private static string? AtomicTarget(string fullPath)
    {
        var final = File.Exists(fullPath) && File.ResolveLinkTarget(fullPath, returnFinalTarget: true) is { } link ? link.FullName : fullPath;
        var special = !OperatingSystem.IsWindows()
                      && SpecialFolders.Any(folder => fullPath.StartsWith(folder, StringComparison.Ordinal) || final.StartsWith(folder, StringComparison.Ordinal));
        return special ? null : final;
    }

    public static Task<bool> WriteAsync(CliConsole console, string path, byte[] content, CancellationToken ct) =>
        WriteAsync(console, path, (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);

    public static Task<bool> WriteAsync(CliConsole console, string path, string content, CancellationToken ct) =>
        WriteAsync(console, path, System.Text.Encoding.UTF8.GetBytes(content), ct);
}
