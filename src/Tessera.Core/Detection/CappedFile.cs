using System.Text;
using Tessera.Core.Text;

namespace Tessera.Core.Detection;

/// <summary>Reads untrusted text files with a size cap checked before reading, strict UTF-8, and I/O failures as issues.</summary>
internal static class CappedFile
{
    public static DetectionIssue TooLarge(string file, long cap) =>
        new(DetectionIssueKind.TooLarge, $"file is larger than {cap:N0} bytes", new SourceLocation(file));

    public static async Task<(string? Text, DetectionIssue? Error)> ReadTextAsync(string path, string name, long cap, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (stream.Length > cap)
            {
                return (null, TooLarge(name, cap));
            }

            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var span = bytes.AsSpan();
            if (span.StartsWith(Encoding.UTF8.Preamble))
            {
                span = span[3..];
            }

            return (strict.GetString(span), null);
        }
        catch (DecoderFallbackException ex)
        {
            return (null, new DetectionIssue(DetectionIssueKind.Unreadable, $"not UTF-8 text ({ex.Message})", new SourceLocation(name)));
        }
        catch (Exception ex) when (FileErrors.CannotOpen(ex))
        {
            return (null, new DetectionIssue(DetectionIssueKind.Unreadable, FileErrors.Reason(path, ex), new SourceLocation(name)));
        }
    }
}
