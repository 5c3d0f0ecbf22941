namespace Tessera.Core.Exposures;

/// <summary>
/// The stable identity of an exposure across imports: the asset (trimmed, lower-case) with the CVE for a
/// vulnerability, or with the import ID for an exposure without a CVE (misconfigurations have no other name).
/// Scanner finding IDs change from scan to scan while (asset, CVE) does not, so a re-import updates instead of duplicating.
/// </summary>
public static class ExposureKey
{
    /// <summary>Stored keys are at most this long: a 4,096-character asset plus an ID is cut, not rejected (hashing would hide it).</summary>
    public const int MaxLength = 512;

    /// <summary>The key, e.g. <c>shop-01|CVE-2024-34102</c> or <c>dc-01|id:M-1</c>.</summary>
    public static string Of(Exposure exposure) => For(exposure.Asset, exposure.Cve, exposure.Id);

    /// <summary>The key of the exposure a scan names by asset and CVE, or by asset and finding ID when it has no CVE.</summary>
    public static string For(string asset, string? cve, string id)
    {
        var key = asset.Trim().ToLowerInvariant() + "|" + (cve?.Trim().ToUpperInvariant() ?? "id:" + id.Trim());
        return Text.PlainText.Cut(key, MaxLength);
    }
}
