using Tessera.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Tessera.Core.Detection.Yaml;

/// <summary>The documents of one YAML stream and every problem found while loading it.</summary>
internal sealed record YamlLoadResult(IReadOnlyList<YNode> Documents, IReadOnlyList<DetectionIssue> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// Loads untrusted YAML into <see cref="YNode"/> trees from YamlDotNet's low-level event parser. Unlike the
/// object deserializer it never instantiates types named by the file: tags outside the YAML core schema are
/// errors, so content cannot switch on capabilities (types, paths, URLs). It rejects duplicate keys, caps
/// nesting depth and alias-expanded node count (billion laughs fails fast), and reports every error with
/// line and column. Anchors are registered only once their node is complete, so recursive aliases fail
/// as undefined instead of building a cycle.
/// </summary>
internal static class SafeYamlLoader
{
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:timestamp",
    };

    public static YamlLoadResult Load(string text, string file, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var state = new LoadState(file, limits);
        try
        {
            var parser = new GuardedYamlParser(new StringReader(text));
            while (parser.MoveNext())
            {
                state.Accept(parser.Current!);
            }
        }
        catch (YamlException ex)
        {
            state.Errors.Add(new DetectionIssue(DetectionIssueKind.YamlSyntax, Clean(ex.Message),
                new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column)));
        }
        catch (LimitExceededException ex)
        {
            state.Errors.Add(ex.Issue);
        }

        return new YamlLoadResult(state.Documents, state.Errors);
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the location is already structured.
    private static string Clean(string message)
    {
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }

    private sealed class LimitExceededException(DetectionIssue issue) : Exception(issue.Message)
    {
        public DetectionIssue Issue { get; } = issue;
    }

    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;
        public YScalar? PendingKey { get; set; }
        public bool SkipValue { get; set; }
        public HashSet<string>? Keys { get; set; }
    }

    private sealed class LoadState(string file, YamlLimits limits)
    {
        private readonly Stack<Frame> _stack = new();
        private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<YNode, string> _pendingAnchors = [];
        private YNode? _root;

        public List<YNode> Documents { get; } = [];
        public List<DetectionIssue> Errors { get; } = [];

        public void Accept(ParsingEvent e)
        {
            switch (e)
            {
                case DocumentStart:
                    _anchors.Clear();
                    _root = null;
                    break;
                case DocumentEnd:
                    Documents.Add(_root ?? new YScalar("", true, Line(e.Start), Column(e.Start)));
                    break;
                case Scalar s:
                    CheckTag(s);
                    var scalar = new YScalar(s.Value, s.Style == ScalarStyle.Plain, Line(s.Start), Column(s.Start));
                    if (!s.Anchor.IsEmpty)
                    {
                        _anchors[s.Anchor.Value] = scalar;
                    }

                    Attach(scalar);
                    break;
                case AnchorAlias alias:
                    if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        Attach(target);
                    }
                    else
                    {
                        Errors.Add(Issue(DetectionIssueKind.UndefinedAlias, $"alias '*{alias.Value.Value}' names no complete anchor", e.Start));
                        Attach(new YScalar("", true, Line(e.Start), Column(e.Start)));
                    }

                    break;
                case MappingStart m:
                    CheckTag(m);
                    Open(new YMapping(Line(m.Start), Column(m.Start)), m.Anchor, m.Start);
                    break;
                case SequenceStart q:
                    CheckTag(q);
                    Open(new YSequence(Line(q.Start), Column(q.Start)), q.Anchor, q.Start);
                    break;
                case MappingEnd or SequenceEnd:
                    var done = _stack.Pop().Node;
                    if (_pendingAnchors.Remove(done, out var name))
                    {
                        _anchors[name] = done;
                    }

                    Attach(done);
                    break;
            }
        }

        private void Open(YNode node, AnchorName anchor, Mark start)
        {
            if (_stack.Count >= limits.MaxDepth)
            {
                throw new LimitExceededException(Issue(DetectionIssueKind.DepthLimit,
                    $"nesting deeper than {limits.MaxDepth} levels", start));
            }

            if (!anchor.IsEmpty)
            {
                _pendingAnchors[node] = anchor.Value;
            }

            _stack.Push(new Frame(node) { Keys = node is YMapping ? new HashSet<string>(StringComparer.Ordinal) : null });
        }

        private void Attach(YNode child)
        {
            if (_stack.Count == 0)
            {
                _root = child;
                CheckSize(child.ExpandedSize, child);
                return;
            }

            var frame = _stack.Peek();
            if (frame.Node is YSequence seq)
            {
                seq.Items.Add(child);
            }
            else if (frame.PendingKey is null)
            {
                if (child is not YScalar key)
                {
                    Errors.Add(Issue(DetectionIssueKind.InvalidValue, "mapping keys must be plain text", child));
                    key = new YScalar("", true, child.Line, child.Column);
                }

                frame.PendingKey = key;
                frame.SkipValue = !frame.Keys!.Add(key.Value);
                if (frame.SkipValue)
                {
                    Errors.Add(Issue(DetectionIssueKind.DuplicateKey, $"duplicate key '{key.Value}'", key));
                }
            }
            else
            {
                if (!frame.SkipValue)
                {
                    ((YMapping)frame.Node).Entries.Add(new(frame.PendingKey, child));
                }

                frame.PendingKey = null;
            }

            // Saturating add: a billion-laughs tree must not overflow before the cap trips.
            frame.Node.ExpandedSize = Math.Min(long.MaxValue / 2, frame.Node.ExpandedSize + child.ExpandedSize);
            CheckSize(frame.Node.ExpandedSize, child);
        }

        private void CheckSize(long size, YNode at)
        {
            if (size > limits.MaxExpandedNodes)
            {
                throw new LimitExceededException(Issue(DetectionIssueKind.NodeLimit,
                    $"document expands to more than {limits.MaxExpandedNodes:N0} nodes (alias expansion bomb or oversized content)", at));
            }
        }

        private void CheckTag(NodeEvent e)
        {
            if (e.Tag.IsEmpty || e.Tag.IsNonSpecific || CoreTags.Contains(e.Tag.Value))
            {
                return;
            }

            Errors.Add(Issue(DetectionIssueKind.ForbiddenTag, $"YAML tag '{e.Tag.Value}' is not allowed (core schema only)", e.Start));
        }

        private DetectionIssue Issue(DetectionIssueKind kind, string message, Mark at) =>
            new(kind, message, new SourceLocation(file, Line(at), Column(at)));

        private DetectionIssue Issue(DetectionIssueKind kind, string message, YNode at) =>
            new(kind, message, at.At(file));

        private static int Line(Mark m) => (int)m.Line;

        private static int Column(Mark m) => (int)m.Column;
    }
}
