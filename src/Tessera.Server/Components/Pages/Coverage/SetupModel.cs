using Tessera.Core.Coverage;
using Tessera.Server.Api.Coverage;

namespace Tessera.Server.Components.Pages.Coverage;

/// <summary>The coverage settings as the form edits them: numbers, and lists typed as text.</summary>
public sealed class SetupModel
{
    /// <summary>Files per browser upload: Blazor streams each file over the circuit, so bulk imports belong to the CLI.</summary>
    public const int MaxSigmaFiles = 200;

    public int DefaultCadenceDays { get; set; }
    public int PriorityCadenceDays { get; set; }
    public int PriorityMinGroups { get; set; }
    public string PriorityList { get; set; } = "";
    public string OwnerCadences { get; set; } = "";
    public string? Message { get; private set; }
    public bool Saved { get; private set; }

    public static SetupModel From(CoverageSettings s) => new()
    {
        DefaultCadenceDays = s.DefaultCadenceDays,
        PriorityCadenceDays = s.PriorityCadenceDays,
        PriorityMinGroups = s.PriorityMinGroups,
        PriorityList = string.Join(", ", s.PriorityList),
        OwnerCadences = string.Join("\n", s.OwnerCadenceDays.Select(p => $"{p.Key} = {p.Value}")),
    };

    /// <summary>Parses the text boxes; false (with <see cref="Message"/> naming the line) when an owner line is malformed.</summary>
    public bool TryBuild(out CoverageSettings settings)
    {
        settings = new CoverageSettings();
        var owners = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = OwnerCadences.Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var days))
            {
                (Saved, Message) = (false, $"Cadence per owner, line {i + 1}: expected \"owner = days\", got \"{lines[i]}\".");
                return false;
            }

            owners[parts[0]] = days;
        }

        settings = new CoverageSettings
        {
            DefaultCadenceDays = DefaultCadenceDays,
            PriorityCadenceDays = PriorityCadenceDays,
            PriorityMinGroups = PriorityMinGroups,
            PriorityList = PriorityList.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => id.ToUpperInvariant()).Distinct().ToList(),
            OwnerCadenceDays = owners,
        };
        return true;
    }

    public void Report(CoverageWriteResult<CoverageSettings> result) =>
        (Saved, Message) = result.Succeeded
            ? (true, "Saved.")
            : (false, result.Message + " " + string.Join(" ", result.Errors.SelectMany(e => e.Value)));
}
