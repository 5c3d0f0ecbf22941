using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tessera.Core.Text;

/// <summary>
/// YamlDotNet's parser with one gap closed: on some malformed input (a flow sequence or mapping left open,
/// <c>sel: [unclosed</c> followed by more keys) its scanner throws <see cref="InvalidOperationException"/> instead of
/// a <see cref="YamlException"/>. This wrapper turns that into a <see cref="SyntaxErrorException"/> at the scanner's
/// position, naming the innermost open flow collection, so the safe loaders report it like any other syntax error.
/// A value holding a NUL character (the <c>\0</c> escape) is refused at its position the same way.
/// </summary>
internal sealed class GuardedYamlParser : IParser
{
    private readonly Scanner _scanner;
    private readonly Parser _parser;

    // One entry per open collection (block ones too, to keep starts and ends paired): flow ones carry their start.
    private readonly Stack<(bool Flow, bool Sequence, Mark Start)> _open = new();

    public GuardedYamlParser(TextReader input)
    {
        _scanner = new Scanner(input);
        _parser = new Parser(_scanner);
    }

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        bool moved;
        try
        {
            moved = _parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            var at = _scanner.CurrentPosition;
            throw new SyntaxErrorException(at, at, Describe());
        }

        switch (_parser.Current)
        {
            case SequenceStart s:
                _open.Push((s.Style == SequenceStyle.Flow, true, s.Start));
                break;
            case MappingStart m:
                _open.Push((m.Style == MappingStyle.Flow, false, m.Start));
                break;
            case SequenceEnd or MappingEnd when _open.Count > 0:
                _open.Pop();
                break;
            // A "\0" escape decodes to a NUL, which no text field can hold (PostgreSQL refuses it): the file is refused
            // here, at its line, instead of failing a whole import when it is stored.
            case Scalar scalar when scalar.Value.Contains('\0', StringComparison.Ordinal):
                throw new SyntaxErrorException(scalar.Start, scalar.End, "this value holds a NUL character (\\0), which no text field can store");
        }

        return moved;
    }

    private string Describe()
    {
        foreach (var (flow, sequence, start) in _open)
        {
            if (flow)
            {
                var (open, close, kind) = sequence ? ('[', ']', "sequence") : ('{', '}', "mapping");
                return $"cannot read the YAML here, inside the flow {kind} '{open}' opened at line {start.Line}, column {start.Column}: is its '{close}' missing?";
            }
        }

        return "cannot read the YAML here: is a flow sequence '[' or mapping '{' left open?";
    }
}
