using System.Diagnostics;

/// <summary>
/// GET /api/v1/enrich?technique=… from concurrent clients over a rotating set of techniques (parents, sub-techniques,
/// ones with and without demo incidents, rules and runbooks); reports latency percentiles and errors.
/// </summary>
internal static class EnrichLoad
{
    private static readonly string[] Techniques =
    [
        "T1053.005", "T1059.001", "T1003.001", "T1486", "T1190", "T1566.001", "T1021.001", "T1218.011", "T1547.001", "T1078",
        "T1055", "T1027", "T1105", "T1071.001", "T1110.003", "T1558.003", "T1490", "T1112", "T1562.001", "T1036.005",
    ];

    public static async Task<int> RunAsync(HttpClient http, string baseUrl, int requests, int concurrency)
    {
        Console.WriteLine($"target {baseUrl}: {requests:N0} enrichment requests over {Techniques.Length} techniques, {concurrency} concurrent");
        // Warm-up: JIT and caches, not counted.
        foreach (var t in Techniques)
        {
            using var warm = await http.GetAsync($"api/v1/enrich?technique={t}");
        }

        var latencies = new double[requests];
        long errors = 0;
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < requests)
            {
                var sw = Stopwatch.StartNew();
                using var response = await http.GetAsync($"api/v1/enrich?technique={Techniques[i % Techniques.Length]}", HttpCompletionOption.ResponseContentRead);
                latencies[i] = sw.Elapsed.TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        total.Stop();

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * q))];
        Console.WriteLine($"{requests:N0} requests in {total.Elapsed.TotalSeconds:F2} s = {requests / total.Elapsed.TotalSeconds:N0} requests/s");
        Console.WriteLine($"latency p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms; errors {errors}");
        Console.WriteLine($"load average {MachineLoad.Current()}");
        return errors == 0 ? 0 : 2;
    }
}
