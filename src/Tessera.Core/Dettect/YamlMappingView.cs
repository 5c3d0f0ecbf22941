using System.Globalization;
using Tessera.Core.Attack;

namespace Tessera.Core.Dettect;

/// <summary>
/// Typed access to one YAML mapping of a DeTT&amp;CT file. Unknown keys, wrong types, missing required keys and
/// out-of-range values are recorded as <see cref="DettectIssue"/>s (all of them, not just the first).
/// </summary>
internal sealed class YamlMappingView
{
    private readonly YamlTreeMapping _mapping;
    private readonly DettectReadSession _session;

    private YamlMappingView(YamlTreeMapping mapping, string path, DettectReadSession session)
    {
        _mapping = mapping;
        Path = path;
        _session = session;
    }

    public string Path { get; }

    public int Line => _mapping.Line;

    public static YamlMappingView? Open(YamlTreeNode? node, string path, DettectReadSession session, IReadOnlySet<string> known)
    {
        if (node is not YamlTreeMapping mapping)
        {
            session.Error(node, path, "expected a mapping (key: value pairs)");
            return null;
        }

        foreach (var key in mapping.Keys.Where(k => !known.Contains(k)))
        {
            // Unknown keys are refused rather than ignored: a misspelt key would otherwise silently lose a score.
            session.Error(mapping.Entries[key], Child(path, key), $"unknown key '{key}'");
        }

        return new YamlMappingView(mapping, path, session);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public string At(string key) => Child(Path, key);

    /// <summary>The node, or null when the key is absent or its value is YAML null.</summary>
    public YamlTreeNode? Get(string key) =>
        _mapping.Entries.TryGetValue(key, out var node) && node is not YamlTreeScalar { IsNull: true } ? node : null;

    public string? String(string key, bool required = false) => Scalar(key, required)?.Value;

    public int? Int(string key, int min, int max, bool required = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        if (!int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _session.Error(scalar, At(key), $"expected a whole number, got '{scalar.Value}'");
            return null;
        }

        if (value < min || value > max)
        {
            _session.Error(scalar, At(key), $"{value} is outside {min}..{max}");
            return null;
        }

        return value;
    }

    public bool? Bool(string key, bool required = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                _session.Error(scalar, At(key), $"expected true or false, got '{scalar.Value}'");
                return null;
        }
    }

    /// <summary>A date such as <c>2021-06-08</c> or <c>2021-06-08T00:00:00.000Z</c>; DeTT&amp;CT only records days.</summary>
    public DateOnly? Date(string key)
    {
        if (Scalar(key, false) is not { } scalar)
        {
            return null;
        }

        if (DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (DateTimeOffset.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return DateOnly.FromDateTime(moment.UtcDateTime);
        }

        _session.Error(scalar, At(key), $"'{scalar.Value}' is not a date (expected YYYY-MM-DD)");
        return null;
    }

    public TechniqueId? TechniqueId(string key, bool required = false)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        if (Attack.TechniqueId.TryParse(scalar.Value, out var id))
        {
            return id;
        }

        _session.Error(scalar, At(key), $"'{scalar.Value}' is not a technique ID (expected T1234 or T1234.567)");
        return null;
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-item list, as DeTT&amp;CT does.</summary>
    public IReadOnlyList<string> Strings(string key, bool required = false)
    {
        switch (Get(key))
        {
            case null:
                Missing(key, required);
                return [];
            case YamlTreeScalar scalar:
                return [scalar.Value];
            case YamlTreeSequence sequence:
                var values = new List<string>(sequence.Items.Count);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is YamlTreeScalar { IsNull: false } item)
                    {
                        values.Add(item.Value);
                    }
                    else
                    {
                        _session.Error(sequence.Items[i], $"{At(key)}[{i}]", "expected a text value");
                    }
                }

                return values;
            case var other:
                _session.Error(other, At(key), "expected a list of text values");
                return [];
        }
    }

    /// <summary>
    /// Reads a list of mappings with <paramref name="read"/>; a single mapping is accepted as a one-item list
    /// (DeTT&amp;CT allows <c>detection:</c> as either).
    /// </summary>
    public IReadOnlyList<T> List<T>(string key, Func<YamlTreeNode, string, T?> read, bool required = false)
        where T : class
    {
        IReadOnlyList<YamlTreeNode> nodes;
        switch (Get(key))
        {
            case null:
                Missing(key, required);
                return [];
            case YamlTreeMapping single:
                return read(single, $"{At(key)}[0]") is { } one ? [one] : [];
            case YamlTreeSequence sequence:
                nodes = sequence.Items;
                break;
            case var other:
                _session.Error(other, At(key), "expected a list");
                return [];
        }

        var items = new List<T>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (read(nodes[i], $"{At(key)}[{i}]") is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    private YamlTreeScalar? Scalar(string key, bool required)
    {
        switch (Get(key))
        {
            case null:
                Missing(key, required);
                return null;
            case YamlTreeScalar scalar:
                return scalar;
            case var other:
                _session.Error(other, At(key), "expected a single value, got a list or mapping");
                return null;
        }
    }

    private void Missing(string key, bool required)
    {
        if (required)
        {
            _session.Error(_mapping, At(key), $"required key '{key}' is missing");
        }
    }
}
