using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;

namespace Tessera.Server.Components.Coverage;

/// <summary>The text boxes of the manual rule form; lists are typed comma- or semicolon-separated.</summary>
public sealed class RuleFormModel
{
    public DetectionRuleSource Source { get; set; } = DetectionRuleSource.Splunk;
    public string Title { get; set; } = "";
    public string ExternalId { get; set; } = "";
    public string Owner { get; set; } = "";
    public string Techniques { get; set; } = "";
    public string Tactics { get; set; } = "";
    public string DataSources { get; set; } = "";
    public string Query { get; set; } = "";

    public ManualRuleInput ToInput() => new()
    {
        Source = Source,
        Title = Title,
        QueryText = Query,
        ExternalId = Blank(ExternalId),
        Owner = Blank(Owner),
        Techniques = Split(Techniques, ',', ';', ' '),
        Tactics = Split(Tactics, ',', ';', ' '),
        // Log sources contain spaces ("WinEventLog:Sysmon EventCode=1"), so only commas and semicolons separate them.
        DataSources = Split(DataSources, ',', ';'),
    };

    public static IReadOnlyList<string> Split(string text, params char[] separators) =>
        text.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
