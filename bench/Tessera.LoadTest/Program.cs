using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Security;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Hosting;

// Load harness for the batch mapping endpoint and the enrichment endpoint. Usage (see README.md):
//   dotnet run -c Release --project bench/Tessera.LoadTest -- [--alerts 20000] [--batch 500] [--concurrency 4] [--url URL --token tsk_…]
//   dotnet run -c Release --project bench/Tessera.LoadTest -- --mode enrich [--requests 20000] [--concurrency 8]
var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: [--mode map|enrich] [--alerts N | --requests N (1..1000000)] [--batch N (1..10000)] [--concurrency N (1..64)] [--url URL --token TOKEN]");
    return 1;
}

// Enrichment answers depend on stored rules, incidents and runbooks: the in-process server gets the demo data set.
await using var local = settings.Url is null ? await LocalServer.StartAsync(demo: settings.Mode == "enrich") : null;
var baseUrl = settings.Url ?? local!.BaseUrl;
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token ?? local!.Token);
if (settings.Mode == "enrich")
{
    return await EnrichLoad.RunAsync(http, baseUrl, settings.Alerts, settings.Concurrency);
}

var batches = AlertGenerator.Batches(settings.Alerts, settings.Batch);
Console.WriteLine($"target {baseUrl}: {settings.Alerts:N0} alerts in {batches.Count} batches of ≤{settings.Batch}, {settings.Concurrency} concurrent");

// Warm-up: waits for the background model build and JIT, not counted.
await SendAsync(http, batches[0]);

var latencies = new List<double>();
long mapped = 0, failedBatches = 0, rejectedLines = 0;
var next = -1;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
{
    while (Interlocked.Increment(ref next) is var i && i < batches.Count)
    {
        var sw = Stopwatch.StartNew();
        var result = await SendAsync(http, batches[i]);
        lock (latencies)
        {
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }

        Interlocked.Add(ref mapped, result.Accepted);
        Interlocked.Add(ref rejectedLines, result.Rejected);
        if (!result.Ok)
        {
            Interlocked.Increment(ref failedBatches);
        }
    }
}));
total.Stop();
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

latencies.Sort();
Console.WriteLine($"mapped {mapped:N0} alerts in {total.Elapsed.TotalSeconds:F2} s = {mapped / total.Elapsed.TotalSeconds:N0} alerts/s");
Console.WriteLine($"batch latency p50 {latencies[latencies.Count / 2]:F0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F0} ms, max {latencies[^1]:F0} ms");
Console.WriteLine($"failed batches {failedBatches}, rejected lines {rejectedLines}");
// On a shared machine wall-clock throughput depends on other load; CPU time of this process (server and client when
// in-process) does not: alerts per CPU-second × dedicated cores estimates the throughput of an unloaded host.
Console.WriteLine($"process CPU {cpu:F1} s = {mapped / Math.Max(cpu, 1e-9):N0} alerts per CPU-second ({Environment.ProcessorCount} cores, load average {MachineLoad.Current()})");
return failedBatches == 0 && rejectedLines == 0 ? 0 : 2;


static async Task<(bool Ok, int Accepted, int Rejected)> SendAsync(HttpClient http, string body)
{
    using var response = await http.PostAsync("api/v1/alerts/map/batch", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
    if (!response.IsSuccessStatusCode)
    {
        Console.Error.WriteLine($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (false, 0, 0);
    }

    // Only the counts at the start of the answer are read, so the client spends its CPU share on sending, not parsing.
    var bytes = await response.Content.ReadAsByteArrayAsync();
    var reader = new Utf8JsonReader(bytes.AsSpan(0, Math.Min(bytes.Length, 256)), isFinalBlock: false, default);
    int accepted = -1, rejected = -1;
    while ((accepted < 0 || rejected < 0) && reader.Read())
    {
        if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "accepted") accepted = reader.GetInt32();
            else if (name == "rejected") rejected = reader.GetInt32();
        }
    }

    return (accepted >= 0 && rejected >= 0, Math.Max(accepted, 0), Math.Max(rejected, 0));
}

internal sealed record Settings(int Alerts, int Batch, int Concurrency, string? Url, string? Token, string Mode = "map")
{
    public static Settings? Parse(string[] args)
    {
        var s = new Settings(20_000, 500, 4, null, null);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            s = args[i] switch
            {
                "--alerts" or "--requests" when int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 1_000_000 => s with { Alerts = n },
                "--mode" when args[i + 1] is "map" or "enrich" => s with { Mode = args[i + 1] },
                "--batch" when int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 10_000 => s with { Batch = n },
                "--concurrency" when int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 64 => s with { Concurrency = n },
                "--url" => s with { Url = args[i + 1].TrimEnd('/') + "/" },
                "--token" => s with { Token = args[i + 1] },
                _ => null,
            };
            if (s is null)
            {
                return null;
            }
        }

        return args.Length % 2 == 0 && (s.Url is null) == (s.Token is null) ? s : null;
    }
}

/// <summary>Realistic generic alerts: SOC-style titles with varying IPs, hosts and counts, so signatures repeat as in real traffic.</summary>
internal static class AlertGenerator
{
    private static readonly string[] Titles =
    [
        "ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution from {ip}",
        "ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228) to {ip}",
        "ET SCAN Nmap Scripting Engine User-Agent Detected from {ip}",
        "sshd: brute force trying to get access to the system. {n} failures from {ip}",
        "Suspicious Encoded PowerShell Command Line on {host}",
        "Mimikatz Command Line on {host}",
        "Shadow Copies Deletion Using Operating Systems Utilities on {host}",
        "Outbound beaconing to rare domain every {n}s from {ip}",
        "New service installed with binary in user temp folder on {host}",
        "Scheduled Task Created by a Windows Script on {host}",
        "Windows audit log was cleared on {host}",
        "Kerberoasting: {n} TGS requests with RC4 encryption from one account",
        "Large upload to cloud storage from {ip} ({n} MB)",
        "Phishing email with macro-enabled attachment delivered to {n} mailboxes",
        "Potential Credential Access via LSASS Memory Dump on {host}",
        "SQL Injection attempt on /login.php from {ip}",
    ];

    public static IReadOnlyList<string> Batches(int alerts, int batch)
    {
        var random = new Random(42);
        var result = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < alerts; i++)
        {
            var title = Titles[random.Next(Titles.Length)]
                .Replace("{ip}", $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}")
                .Replace("{host}", $"WS-{random.Next(1000):D3}")
                .Replace("{n}", random.Next(2, 5000).ToString());
            sb.Append(JsonSerializer.Serialize(new { id = $"load-{i}", title, source = "loadtest" })).Append('\n');
            if ((i + 1) % batch == 0 || i == alerts - 1)
            {
                result.Add(sb.ToString());
                sb.Clear();
            }
        }

        return result;
    }
}

/// <summary>A Tessera server on 127.0.0.1 (free port) with a temporary SQLite database and an admin API key.</summary>
internal sealed class LocalServer : IAsyncDisposable
{
    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;
    private readonly string _folder;

    private LocalServer(Microsoft.AspNetCore.Builder.WebApplication app, string folder, string baseUrl, string token)
    {
        (_app, _folder, BaseUrl, Token) = (app, folder, baseUrl, token);
    }

    public string BaseUrl { get; }

    public string Token { get; }

    public static async Task<LocalServer> StartAsync(bool demo)
    {
        var data = Tessera.Tests.Shared.SharedData.Path;
        var folder = Directory.CreateTempSubdirectory("tessera-load-").FullName;
        var app = TesseraWebApp.Build(new TesseraServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Storage = StorageOptions.Sqlite(Path.Combine(folder, "load.db")),
            AttackSources = [Path.Combine(data, "attack")],
            InitialAdminPassword = "load-test-admin-password",
            Console = TextWriter.Null,
            Quiet = true,
            Demo = demo,
        });
        var addresses = await TesseraWebApp.StartAsync(app, CancellationToken.None);
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync("load-test", Role.Analyst, "load-test", CancellationToken.None);
        return new LocalServer(app, folder, addresses[0].TrimEnd('/') + "/", key.Value!.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
