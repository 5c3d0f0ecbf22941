namespace Tessera.Core.Text;

/// <summary>Which exceptions mean "this file could not be opened or read", for readers that report that as an error naming the file.</summary>
internal static class FileErrors
{
    /// <summary>
    /// Missing, unreadable, or a path no file system accepts (a NUL character or an empty path, say, sent by an API
    /// caller): each becomes an error naming the path instead of an exception.
    /// </summary>
    public static bool CannotOpen(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;
}
