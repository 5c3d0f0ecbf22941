using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Tessera.Core.Text;

/// <summary>
/// Line-based text input that refuses bytes which are not UTF-8 instead of decoding them to U+FFFD (a Latin-1 "café"
/// became "caf�", and the parsers then cleaned the mark away: stored as "caf" without a word). Lines end at LF, CRLF or
/// a lone CR, as <see cref="StreamReader.ReadLine()"/> splits them, so line numbers are those a reader of the file sees.
/// </summary>
public static class Utf8Lines
{
    /// <summary>The error text for a line that is not UTF-8; callers add where.</summary>
    public const string NotUtf8 = "not UTF-8 text (a byte no UTF-8 character starts with or continues)";

    private const int ChunkBytes = 64 * 1024;

    /// <summary>One line: its 1-based <see cref="Number"/> and its <see cref="Text"/>, null when the line is not UTF-8.</summary>
    public readonly record struct Line(int Number, string? Text);

    /// <summary>The 1-based line of the first byte sequence that is not UTF-8, or null when all of <paramref name="utf8"/> is.</summary>
    public static int? FirstInvalidLine(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }

        var buffer = new char[4096];
        var at = 0;
        while (at < utf8.Length)
        {
            var status = Utf8.ToUtf16(utf8[at..], buffer, out var read, out _, replaceInvalidSequences: false);
            at += read;
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                break;
            }
        }

        return utf8[..Math.Min(at, utf8.Length)].Count((byte)'\n') + 1;
    }

    /// <summary>
    /// Streams the lines of <paramref name="stream"/> (a UTF-8 byte order mark is skipped). A stream that starts with a
    /// UTF-16 or UTF-32 byte order mark is decoded in that encoding, as before; nothing else is guessed.
    /// </summary>
    public static async IAsyncEnumerable<Line> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var buffer = new byte[ChunkBytes];
        int start = 0, end = 0, scanned = 0, number = 0;
        var eof = false;
        while (end < 4 && !eof)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
            eof = read == 0;
            end += read;
        }

        if (buffer.AsSpan(0, end) is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            // Windows PowerShell 5 writes UTF-16 with a byte order mark; its decoder is left to StreamReader.
            using var reader = new StreamReader(new PrefixedStream(buffer.AsMemory(0, end), stream), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } text)
            {
                yield return new Line(++number, text);
            }

            yield break;
        }

        if (buffer.AsSpan(0, end).StartsWith(Encoding.UTF8.Preamble))
        {
            start = Encoding.UTF8.Preamble.Length;
        }

        while (true)
        {
            var unscanned = buffer.AsSpan(start + scanned, end - start - scanned);
            var found = unscanned.IndexOfAny((byte)'\r', (byte)'\n');
            if (found >= 0)
            {
                var at = start + scanned + found;
                if (buffer[at] == '\r' && at + 1 == end && !eof)
                {
                    // A CR at the end of what was read: whether an LF follows decides where the next line starts.
                    scanned = at - start;
                }
                else
                {
                    var next = buffer[at] == '\r' && at + 1 < end && buffer[at + 1] == '\n' ? at + 2 : at + 1;
                    yield return new Line(++number, Decode(buffer.AsSpan(start, at - start)));
                    start = next;
                    scanned = 0;
                    continue;
                }
            }
            else if (eof)
            {
                if (start < end)
                {
                    yield return new Line(++number, Decode(buffer.AsSpan(start, end - start)));
                }

                yield break;
            }
            else
            {
                scanned = end - start;
            }

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var more = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
            eof = more == 0;
            end += more;
        }
    }

    private static string? Decode(ReadOnlySpan<byte> line) => Utf8.IsValid(line) ? Encoding.UTF8.GetString(line) : null;

    // The bytes read to look for a byte order mark, then the rest of the stream.
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.IsEmpty ? rest.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));
    }
}
