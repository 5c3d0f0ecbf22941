namespace Tessera.Core.Detection.Yaml;

/// <summary>Typed reads from a <see cref="YMapping"/> that record located errors instead of throwing.</summary>
internal sealed class YamlFieldReader(string file, List<DetectionIssue> errors)
{
    public string File { get; } = file;
    public List<DetectionIssue> Errors { get; } = errors;

    public void Error(DetectionIssueKind kind, string message, YNode at) => Errors.Add(new(kind, message, at.At(File)));

    /// <summary>The text of a scalar field; null when absent or YAML null (an error when <paramref name="required"/>).</summary>
    public string? String(YMapping map, string key, bool required = false)
    {
        switch (map.Get(key))
        {
            case null or YScalar { IsNull: true }:
                if (required)
                {
                    Error(DetectionIssueKind.MissingField, $"required field '{key}' is missing", map);
                }

                return null;
            case YScalar s:
                return s.Value;
            case var other:
                Error(DetectionIssueKind.InvalidValue, $"field '{key}' must be text, not a {Describe(other)}", other);
                return null;
        }
    }

    /// <summary>A list of texts; a single scalar counts as a one-element list (Sigma allows both).</summary>
    public IReadOnlyList<string> StringList(YMapping map, string key) => StringList(map.Get(key), key);

    public IReadOnlyList<string> StringList(YNode? node, string key)
    {
        switch (node)
        {
            case null or YScalar { IsNull: true }:
                return [];
            case YScalar s:
                return [s.Value];
            case YSequence seq:
                var list = new List<string>(seq.Items.Count);
                foreach (var item in seq.Items)
                {
                    if (item is YScalar { IsNull: false } text)
                    {
                        list.Add(text.Value);
                    }
                    else
                    {
                        Error(DetectionIssueKind.InvalidValue, $"'{key}' entries must be text", item);
                    }
                }

                return list;
            default:
                Error(DetectionIssueKind.InvalidValue, $"field '{key}' must be a list of text", node);
                return [];
        }
    }

    /// <summary>A mapping field; null when absent (an error when <paramref name="required"/>) or of another shape (an error).</summary>
    public YMapping? Mapping(YMapping map, string key, bool required = false)
    {
        var node = map.Get(key);
        if (node is YMapping m)
        {
            return m;
        }

        if (node is null or YScalar { IsNull: true })
        {
            if (required)
            {
                Error(DetectionIssueKind.MissingField, $"required field '{key}' is missing", map);
            }
        }
        else
        {
            Error(DetectionIssueKind.InvalidValue, $"field '{key}' must be a mapping, not a {Describe(node)}", node);
        }

        return null;
    }

    /// <summary>YAML 1.1/1.2 booleans as written by Sigma and Atomic authors; null when absent.</summary>
    public bool? Bool(YMapping map, string key)
    {
        var node = map.Get(key);
        switch (node)
        {
            case null or YScalar { IsNull: true }:
                return null;
            case YScalar { IsPlain: true, Value: "true" or "True" or "TRUE" or "yes" or "Yes" }:
                return true;
            case YScalar { IsPlain: true, Value: "false" or "False" or "FALSE" or "no" or "No" }:
                return false;
            default:
                Error(DetectionIssueKind.InvalidValue, $"field '{key}' must be true or false", node);
                return null;
        }
    }

    public static string Describe(YNode node) => node switch
    {
        YMapping => "mapping",
        YSequence => "list",
        _ => "scalar",
    };
}
