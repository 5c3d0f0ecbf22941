using System.Text.Json;
using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>
/// Incremental tokenizer for one bundle. The driver feeds it consecutive chunks; it hands each complete
/// element of <c>objects</c> to the assembler and returns how many bytes it consumed, so the driver
/// only ever buffers the current object plus one read. Reader state (including line numbers) survives
/// between chunks in <see cref="JsonReaderState"/>.
/// </summary>
internal sealed class StixBundleParser(string source, StixCollectionAssembler assembler)
{
    private enum Phase { BeforeBundle, InBundle, InObjects, AfterBundle }

    private readonly Utf8Interner _interner = assembler.Interner;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
    private Phase _phase = Phase.BeforeBundle;

    // Monotonic newline cursor: how many '\n' precede _cursorAbs, and where the last one was.
    private long _cursorAbs;
    private long _lines;
    private long _lastNewlineAbs = -1;

    public string? BundleType { get; private set; }
    public string? BundleSpecVersion { get; private set; }
    public bool SawObjects { get; private set; }
    public bool SawEnd { get; private set; }
    public bool Fatal { get; private set; }

    /// <summary>Parses what it can of <paramref name="data"/> (which starts at <paramref name="dataAbs"/> in the input) and returns the bytes consumed.</summary>
    public int Process(ReadOnlySpan<byte> data, long dataAbs, bool isFinal)
    {
        var reader = new Utf8JsonReader(data, isFinal, _state);
        try
        {
            var consumed = Run(ref reader, data, dataAbs);
            AdvanceCursor(data, dataAbs, dataAbs + consumed);
            return consumed;
        }
        catch (JsonException ex)
        {
            Fatal = true;
            var line = ex.LineNumber is { } l ? l + 1 : (long?)null;
            var column = ex.BytePositionInLine is { } c ? c + 1 : (long?)null;
            assembler.AddError(new StixError(StixErrorKind.MalformedJson, "Malformed JSON: " + FirstSentence(ex.Message),
                new StixLocation(source, line, column, dataAbs + reader.BytesConsumed)));
            return data.Length;
        }
    }

    private int Run(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, long dataAbs)
    {
        while (true)
        {
            var checkpoint = reader;
            switch (_phase)
            {
                case Phase.BeforeBundle:
                    if (!reader.Read())
                    {
                        return Rollback(checkpoint);
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        NotABundle("The top-level JSON value is not an object", reader, data, dataAbs);
                        return data.Length;
                    }

                    _phase = Phase.InBundle;
                    break;

                case Phase.InBundle:
                    if (!reader.Read())
                    {
                        return Rollback(checkpoint);
                    }

                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.AfterBundle;
                        SawEnd = true;
                        break;
                    }

                    if (!ReadBundleProperty(ref reader, data, dataAbs))
                    {
                        return Rollback(checkpoint);
                    }

                    if (Fatal)
                    {
                        return data.Length;
                    }

                    break;

                case Phase.InObjects:
                    if (!reader.Read())
                    {
                        return Rollback(checkpoint);
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.InBundle;
                        break;
                    }

                    var element = reader;
                    if (!reader.TrySkip())
                    {
                        return Rollback(checkpoint);
                    }

                    if (element.TokenType != JsonTokenType.StartObject)
                    {
                        assembler.CountRead();
                        assembler.AddError(new StixError(StixErrorKind.NotABundle, "An element of 'objects' is not a JSON object",
                            Locate(data, dataAbs, dataAbs + element.TokenStartIndex).In(source), Field: "objects"));
                        break;
                    }

                    ParseObject(ref element, data, dataAbs);
                    break;

                case Phase.AfterBundle:
                    // Anything but whitespace after the bundle makes the reader throw (single JSON value).
                    if (!reader.Read())
                    {
                        return Rollback(checkpoint);
                    }

                    break;
            }
        }
    }

    private int Rollback(in Utf8JsonReader checkpoint)
    {
        _state = checkpoint.CurrentState;
        return (int)checkpoint.BytesConsumed;
    }

    private bool ReadBundleProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, long dataAbs)
    {
        var isType = reader.ValueTextEquals("type"u8);
        var isSpec = reader.ValueTextEquals("spec_version"u8);
        var isObjects = reader.ValueTextEquals("objects"u8);
        if (!reader.Read())
        {
            return false;
        }

        if (isObjects)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                NotABundle("The bundle's 'objects' is not an array", reader, data, dataAbs);
                return true;
            }

            SawObjects = true;
            _phase = Phase.InObjects;
            return true;
        }

        if ((isType || isSpec) && reader.TokenType == JsonTokenType.String)
        {
            if (isType)
            {
                BundleType = reader.GetString();
            }
            else
            {
                BundleSpecVersion = reader.GetString();
            }

            return true;
        }

        return reader.TrySkip();
    }

    private void NotABundle(string message, in Utf8JsonReader reader, ReadOnlySpan<byte> data, long dataAbs)
    {
        Fatal = true;
        assembler.AddError(new StixError(StixErrorKind.NotABundle, message, Locate(data, dataAbs, dataAbs + reader.TokenStartIndex).In(source)));
    }

    private void ParseObject(ref Utf8JsonReader r, ReadOnlySpan<byte> data, long dataAbs)
    {
        var raw = new RawStixObject { At = Locate(data, dataAbs, dataAbs + r.TokenStartIndex) };
        var ctx = new FieldContext(this, raw, data, dataAbs);
        try
        {
            Span<byte> nameBuffer = stackalloc byte[64];
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = r.ValueIsEscaped && r.ValueSpan.Length <= nameBuffer.Length
                    ? nameBuffer[..r.CopyString(nameBuffer)]
                    : r.ValueSpan;
                var nameStart = r.TokenStartIndex;
                r.Read();
                StixFieldReader.ReadField(ref r, name, nameStart, ref ctx);
            }
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader validates structure while skipping but decodes strings lazily: invalid UTF-8
            // or an unrepresentable escape surfaces here, and only this object is rejected.
            assembler.AddError(new StixError(StixErrorKind.MalformedJson, "Unreadable value: " + FirstSentence(ex.Message), raw.At.In(source), raw.Id));
            assembler.Reject(raw);
            return;
        }

        assembler.Accept(raw);
    }

    internal TextPosition Locate(ReadOnlySpan<byte> data, long dataAbs, long abs)
    {
        if (abs < _cursorAbs || _cursorAbs < dataAbs)
        {
            return new TextPosition(0, 0, abs);
        }

        AdvanceCursor(data, dataAbs, abs);
        return new TextPosition(_lines + 1, abs - _lastNewlineAbs, abs);
    }

    private void AdvanceCursor(ReadOnlySpan<byte> data, long dataAbs, long toAbs)
    {
        if (toAbs <= _cursorAbs || _cursorAbs < dataAbs)
        {
            return;
        }

        var segment = data[(int)(_cursorAbs - dataAbs)..(int)(toAbs - dataAbs)];
        var count = segment.Count((byte)'\n');
        if (count > 0)
        {
            _lines += count;
            _lastNewlineAbs = _cursorAbs + segment.LastIndexOf((byte)'\n');
        }

        _cursorAbs = toAbs;
    }

    internal void FieldError(RawStixObject raw, StixErrorKind kind, string field, string message, TextPosition at) =>
        assembler.AddError(new StixError(kind, message, at.In(source), raw.Id, field));


    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    /// <summary>What a field reader needs to record values, positions and errors of the current object.</summary>
    internal ref struct FieldContext(StixBundleParser parser, RawStixObject raw, ReadOnlySpan<byte> data, long dataAbs)
    {
        public readonly RawStixObject Raw = raw;
        private readonly ReadOnlySpan<byte> _data = data;

        public readonly TextPosition At(long tokenStart) => parser.Locate(_data, dataAbs, dataAbs + tokenStart);

        public readonly void Error(string field, long tokenStart, string message) =>
            parser.FieldError(Raw, StixErrorKind.InvalidField, field, message, At(tokenStart));

        public readonly Utf8Interner Interner => parser._interner;
    }
}
