using System.Text;
using Tessera.Core.Exposures;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>The scan the exposure storage tests share, and helpers to read it and find one stored exposure.</summary>
internal static class ExposureTestData
{
    // Real CISA KEV CVEs that the CTID KEV mappings cover (Citrix Bleed, MOVEit, Log4Shell) plus a misconfiguration.
    public const string Scan = """
        id,cve,asset,severity,title,techniques
        F-1,CVE-2023-4966,vpn-01,critical,Citrix Bleed,
        F-2,CVE-2023-34362,mft-01,9.8,MOVEit Transfer SQL injection,
        F-3,CVE-2021-44228,app-01,high,Log4Shell,T1190
        M-1,,dc-01,medium,SMB signing disabled,T1557.001
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyList<Exposure> Read(string csv)
    {
        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(csv), "scan.csv");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Exposures;
    }

    public static async Task<StoredExposure> Single(IExposureStore store, string cve) =>
        Assert.Single(await store.ListAsync(new ExposureQuery { Cve = cve }, Ct));
}
