namespace Tessera.Core.Detection.Sigma;

/// <summary>A Sigma <c>logsource</c>: which events a rule reads. All parts are optional in the specification.</summary>
public sealed record SigmaLogSource
{
    public string? Product { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? Definition { get; init; }

    /// <summary>Compact text such as <c>product=windows category=process_creation</c>, used when a log source is unmapped.</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Product is not null) parts.Add($"product={Product}");
        if (Category is not null) parts.Add($"category={Category}");
        if (Service is not null) parts.Add($"service={Service}");
        return parts.Count == 0 ? "(empty logsource)" : string.Join(' ', parts);
    }
}
