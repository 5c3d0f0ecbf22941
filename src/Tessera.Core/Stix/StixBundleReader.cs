using System.Buffers;
using Tessera.Core.Text;

namespace Tessera.Core.Stix;

/// <summary>
/// Reads an ATT&amp;CK STIX bundle — STIX 2.0 as in mitre/cti, or STIX 2.1 with an <c>x-mitre-collection</c>
/// object as in attack-stix-data — into an <see cref="Attack.AttackCollection"/>. The input is streamed with
/// <see cref="System.Text.Json.Utf8JsonReader"/> through a pooled buffer that holds one object at a time;
/// no string of the whole file is ever built. Failures come back as <see cref="StixLoadResult.Errors"/>,
/// never as exceptions (except <see cref="OperationCanceledException"/>), and then no collection is returned.
/// </summary>
public static class StixBundleReader
{
    /// <summary>
    /// Largest bundle accepted. Enterprise 18.1 is 37 MB and has grown about 12% a release; 256 MB leaves
    /// roughly seven releases of headroom while bounding what a hostile upload can make us hold
    /// (parsed strings take about twice their UTF-8 size).
    /// </summary>
    public const long MaxBundleBytes = 256L << 20;

    // One read; objects larger than this grow the buffer (ICS's collection object is ~220 KB).
    private const int ChunkBytes = 1 << 20;

    /// <summary>Reads a bundle file. Returns errors (never throws) for a missing, unreadable, oversized or invalid file.</summary>
    public static StixLoadResult ReadFile(string path, StixReadOptions? options = null)
    {
        options ??= StixReadOptions.Default;
        try
        {
            using var stream = OpenFile(path);
            return Read(stream, path, options);
        }
        catch (Exception ex) when (FileErrors.CannotOpen(ex))
        {
            return StixLoadResult.Failed(path, new StixError(StixErrorKind.Unreadable, $"Cannot read '{path}': {FileErrors.Reason(path, ex)}", new StixLocation(path)));
        }
    }

    /// <summary>Reads a bundle file asynchronously; see <see cref="ReadFile"/>.</summary>
    public static async Task<StixLoadResult> ReadFileAsync(string path, StixReadOptions? options, CancellationToken ct)
    {
        options ??= StixReadOptions.Default;
        try
        {
            await using var stream = OpenFile(path);
            return await ReadAsync(stream, path, options, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (FileErrors.CannotOpen(ex))
        {
            return StixLoadResult.Failed(path, new StixError(StixErrorKind.Unreadable, $"Cannot read '{path}': {FileErrors.Reason(path, ex)}", new StixLocation(path)));
        }
    }

    /// <summary>
    /// Reads a bundle from a stream. <paramref name="sourceName"/> (a path or URL) labels error locations
    /// and, failing a collection object or <see cref="StixReadOptions.Version"/>, supplies the release
    /// through its file name (<c>enterprise-attack-18.1.json</c>).
    /// </summary>
    public static StixLoadResult Read(Stream stream, string sourceName, StixReadOptions? options = null)
    {
        var run = new ReadRun(sourceName, options ?? StixReadOptions.Default);
        if (run.CheckDeclaredLength(stream) is { } tooLarge)
        {
            return tooLarge;
        }

        try
        {
            while (!run.Done)
            {
                var read = stream.Read(run.FreeSpace());
                if (run.Feed(read) is { } stop)
                {
                    return stop;
                }
            }

            return run.Finish();
        }
        finally
        {
            run.Dispose();
        }
    }

    /// <summary>Reads a bundle from a stream asynchronously; see <see cref="Read(Stream, string, StixReadOptions?)"/>.</summary>
    public static async Task<StixLoadResult> ReadAsync(Stream stream, string sourceName, StixReadOptions? options, CancellationToken ct)
    {
        var run = new ReadRun(sourceName, options ?? StixReadOptions.Default);
        if (run.CheckDeclaredLength(stream) is { } tooLarge)
        {
            return tooLarge;
        }

        try
        {
            while (!run.Done)
            {
                var read = await stream.ReadAsync(run.FreeMemory(), ct).ConfigureAwait(false);
                if (run.Feed(read) is { } stop)
                {
                    return stop;
                }
            }

            return run.Finish();
        }
        finally
        {
            run.Dispose();
        }
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>Buffer bookkeeping shared by the sync and async drivers.</summary>
    private sealed class ReadRun : IDisposable
    {
        private readonly string _source;
        private readonly long _maxBytes;
        private readonly StixCollectionAssembler _assembler;
        private readonly StixBundleParser _parser;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        private int _start;
        private int _end;
        private long _bufferAbs;
        private long _total;

        public ReadRun(string source, StixReadOptions options)
        {
            _source = source;
            _maxBytes = options.EffectiveMaxBytes;
            _assembler = new StixCollectionAssembler(source, options);
            _parser = new StixBundleParser(source, _assembler);
        }

        public bool Done { get; private set; }

        public StixLoadResult? CheckDeclaredLength(Stream stream)
        {
            // Seekable inputs (files) are rejected before any byte is read.
            return stream.CanSeek && stream.Length - stream.Position > _maxBytes ? TooLarge($"The bundle is {stream.Length - stream.Position:N0} bytes") : null;
        }

        public Span<byte> FreeSpace() => PrepareSpace().Span;

        public Memory<byte> FreeMemory() => PrepareSpace();

        private Memory<byte> PrepareSpace()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _bufferAbs += _start;
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                // The current object does not fit: grow (bounded by the size cap, which Feed enforces).
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            return _buffer.AsMemory(_end);
        }

        /// <summary>Parses newly read bytes; returns a final result when reading must stop early.</summary>
        public StixLoadResult? Feed(int read)
        {
            _total += read;
            if (_total > _maxBytes)
            {
                return TooLarge($"The bundle is over {_maxBytes:N0} bytes (stopped reading at {_total:N0})");
            }

            _end += read;
            var isFinal = read == 0;
            var consumed = _parser.Process(_buffer.AsSpan(_start, _end - _start), _bufferAbs + _start, isFinal);
            _start += consumed;
            Done = isFinal || _parser.Fatal;
            return null;
        }

        public StixLoadResult Finish() => _assembler.Finish(_parser, _total);

        private StixLoadResult TooLarge(string what) => StixLoadResult.Failed(_source, new StixError(StixErrorKind.TooLarge,
            $"{what}; the limit is {_maxBytes:N0} bytes",
            new StixLocation(_source, ByteOffset: _maxBytes)));

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
