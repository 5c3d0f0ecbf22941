using Tessera.Infrastructure.Storage;

namespace Tessera.Server.Hosting;

/// <summary>What <c>tessera serve</c> (and the test host) starts: where to listen, which database, which ATT&amp;CK data.</summary>
public sealed record TesseraServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public string Urls { get; init; } = DefaultUrls;

    public required StorageOptions Storage { get; init; }

    /// <summary>ATT&amp;CK bundles to load at start: files, folders or URLs, named by the user or configuration only.</summary>
    public IReadOnlyList<string> AttackSources { get; init; } = [];

    /// <summary>Seed the demo data set (idempotent) after storage is initialised.</summary>
    public bool Demo { get; init; }

    /// <summary>Password for the first admin instead of a generated one (tests, scripted set-up).</summary>
    public string? InitialAdminPassword { get; init; }

    /// <summary>Where start-up messages meant for the operator go (the one-time admin password).</summary>
    public TextWriter Console { get; init; } = System.Console.Out;

    /// <summary>
    /// How long a mapping request waits for the alert model that is still being built at start-up before answering
    /// 503. The build takes seconds on an idle machine; tests on a busy CI machine allow longer.
    /// </summary>
    public TimeSpan AlertMapperBuildWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the alert library picks up what other processes stored (another instance's decisions, a CLI import).
    /// Every 120th refresh reads the whole library again, which also covers entries rewritten in place (ATT&amp;CK migration).
    /// </summary>
    public TimeSpan AlertLibraryRefresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an open page (a Blazor circuit) checks its signed-in user again: disabled, deleted or with a new password,
    /// the page signs out; with a new role, it follows the role. HTTP requests check on every request.
    /// </summary>
    public TimeSpan CircuitRevalidation { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often this instance loads ATT&amp;CK releases another instance loaded from an index and remembered.</summary>
    public TimeSpan RememberedReleaseCheck { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For/-Proto are honoured; empty: the headers
    /// are ignored (a client could otherwise claim any address or https).
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Run background jobs (webhook delivery …) on a timer; false leaves them to JobHost.RunOnceAsync (tests).</summary>
    public bool BackgroundJobs { get; init; } = true;

    /// <summary>Deliver webhooks to loopback addresses too (a receiver on this host); other addresses follow <see cref="Core.Webhooks.WebhookTargets"/>.</summary>
    public bool AllowLoopbackWebhooks { get; init; }

    /// <summary>Quieter logging (tests).</summary>
    public bool Quiet { get; init; }
}
