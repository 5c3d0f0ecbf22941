using System.Globalization;
using Tessera.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tessera.Core.Dettect;

/// <summary>
/// Loads untrusted YAML into a plain tree from parser events, never through object deserialisation (so file
/// content cannot pick types or tags). Rejects duplicate keys, non-scalar keys, several documents, nesting
/// deeper than <see cref="MaxDepth"/> and trees whose size, counting every alias expansion, exceeds
/// <see cref="MaxNodes"/> (the "billion laughs" attack).
/// </summary>
internal static class SafeYamlLoader
{
    /// <summary>DeTT&amp;CT files nest about seven levels; 32 leaves room while bounding recursion.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The 7,000-line Enterprise technique administration sample is about 13,000 nodes; a file covering every
    /// technique with long score histories stays well under 500,000.
    /// </summary>
    public const int MaxNodes = 500_000;

    public static (YamlTreeNode? Root, IReadOnlyList<DettectIssue> Issues) Load(TextReader reader, string file)
    {
        var issues = new List<DettectIssue>();
        var state = new LoadState(file, issues);
        try
        {
            var parser = new GuardedYamlParser(reader);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                issues.Add(new DettectIssue(file, 1, 1, "", "the file is empty"));
                return (null, issues);
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, "", 0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                issues.Add(At(file, second.Start, "", "only one YAML document per file is allowed"));
            }

            return (issues.Count == 0 ? root : null, issues);
        }
        catch (LoaderAbort)
        {
            return (null, issues);
        }
        catch (YamlException ex)
        {
            issues.Add(At(file, ex.Start, "", ex.Message));
            return (null, issues);
        }
    }

    private static YamlTreeNode ReadNode(IParser parser, LoadState state, string path, int depth)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of YAML");
        if (depth > MaxDepth)
        {
            state.Abort(current.Start, path, $"nesting deeper than {MaxDepth} levels");
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    state.Abort(alias.Start, path, $"alias *{alias.Value.Value} refers to no anchor");
                }

                state.Charge(target!.Size, alias.Start, path);
                return target;
            case Scalar scalar:
                parser.MoveNext();
                state.Charge(1, scalar.Start, path);
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
                return Remember(state, scalar, new YamlTreeScalar(scalar.Value, isNull, Line(scalar.Start), Column(scalar.Start)));
            case SequenceStart sequence:
                parser.MoveNext();
                state.Charge(1, sequence.Start, path);
                var items = new List<YamlTreeNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, state, $"{path}[{items.Count}]", depth + 1));
                }

                return Remember(state, sequence, new YamlTreeSequence(items, Line(sequence.Start), Column(sequence.Start)));
            case MappingStart mapping:
                parser.MoveNext();
                state.Charge(1, mapping.Start, path);
                var entries = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
                var keys = new List<string>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                    {
                        state.Abort(parser.Current!.Start, path, "mapping keys must be plain scalars");
                        throw new LoaderAbort();
                    }

                    parser.MoveNext();
                    var keyPath = path.Length == 0 ? key.Value : path + "." + key.Value;
                    var value = ReadNode(parser, state, keyPath, depth + 1);
                    if (!entries.TryAdd(key.Value, value))
                    {
                        // YAML 1.2 forbids duplicate keys; most loaders keep the last one silently, hiding edits.
                        state.Issues.Add(At(state.File, key.Start, keyPath, $"duplicate key '{key.Value}'"));
                        continue;
                    }

                    keys.Add(key.Value);
                }

                return Remember(state, mapping, new YamlTreeMapping(entries, keys, Line(mapping.Start), Column(mapping.Start)));
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static YamlTreeNode Remember(LoadState state, NodeEvent node, YamlTreeNode tree)
    {
        if (!node.Anchor.IsEmpty)
        {
            state.Anchors[node.Anchor.Value] = tree;
        }

        return tree;
    }

    private static int Line(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Min(mark.Column, int.MaxValue);

    private static DettectIssue At(string file, Mark mark, string field, string message) =>
        new(file, Line(mark), Column(mark), field, message);

    private sealed class LoadState(string file, List<DettectIssue> issues)
    {
        private int _nodes;

        public string File { get; } = file;

        public List<DettectIssue> Issues { get; } = issues;

        public Dictionary<string, YamlTreeNode> Anchors { get; } = new(StringComparer.Ordinal);

        public void Charge(int nodes, Mark at, string path)
        {
            _nodes += nodes;
            if (_nodes > MaxNodes)
            {
                Abort(at, path, string.Format(CultureInfo.InvariantCulture, "more than {0} nodes (counting alias expansion)", MaxNodes));
            }
        }

        public void Abort(Mark at, string path, string message)
        {
            Issues.Add(At(File, at, path, message));
            throw new LoaderAbort();
        }
    }

    /// <summary>Stops loading after a limit was hit; the reason is already recorded.</summary>
    private sealed class LoaderAbort : Exception;
}
