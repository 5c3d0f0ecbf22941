namespace Tessera.Core.Text;

/// <summary>Which exceptions mean "this file could not be opened or read", for readers that report that as an error naming the file.</summary>
internal static class FileErrors
{
    /// <summary>
    /// Missing, unreadable, or a path no file system accepts (a NUL character or an empty path, say, sent by an API
    /// caller): each becomes an error naming the path instead of an exception.
    /// </summary>
    public static bool CannotOpen(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    /// <summary>
    /// What to tell the user about <paramref name="ex"/> from opening <paramref name="path"/>. Opening a folder fails as
    /// "access denied", which sends people checking permissions; it says what it is instead.
    /// </summary>
    public static string Reason(string path, Exception ex) =>
        ex is UnauthorizedAccessException && Directory.Exists(path) ? "is a folder, not a file" : ex.Message;
}
