using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Tessera.Core.Webhooks;

namespace Tessera.Tests.Shared.Webhooks;

/// <summary>One request the receiver got: the signature check against the shared secret and the status it answered.</summary>
public sealed record ReceivedWebhook(string? EventId, string? EventType, string? Attempt, WebhookVerification Verification, int Answered, byte[] Body);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (HttpListener) that verifies every request's signature and answers with a scripted
/// status (then 200), the way a SOAR endpoint would. Tests wait on <see cref="WaitUntilAsync"/>, never on sleeps.
/// </summary>
public sealed class LoopbackWebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentQueue<int> _script;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private readonly Task _loop;

    public LoopbackWebhookReceiver(string secret, Func<DateTimeOffset> now, params int[] script)
    {
        Secret = secret;
        _now = now;
        _script = new ConcurrentQueue<int>(script);
        // Ask the kernel for a free port; the moment before HttpListener binds it is an accepted race for tests.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The secret signatures are checked against; settable for tests that learn it after start (from the UI).</summary>
    public string Secret { get; set; }

    public IReadOnlyList<ReceivedWebhook> Requests => _requests.ToArray();

    /// <summary>Requests that have arrived, including one still waiting on <see cref="BeforeAnswer"/>.</summary>
    public int Arrived => Volatile.Read(ref _arrivedCount);

    /// <summary>Awaited after a request arrives and before it is answered: lets a test hold a delivery in flight.</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    private int _arrivedCount;

    /// <summary>Event IDs this receiver acknowledged (2xx) with a valid signature, one entry per acknowledgement.</summary>
    public IReadOnlyList<string> Acknowledged =>
        Requests.Where(r => r.Answered is >= 200 and < 300 && r.Verification == WebhookVerification.Valid).Select(r => r.EventId ?? "").ToList();

    /// <summary>Waits until <paramref name="condition"/> holds, checking after each request; fails after <paramref name="limit"/> (a hang guard, not a timing assertion).</summary>
    public async Task WaitUntilAsync(Func<LoopbackWebhookReceiver, bool> condition, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        while (!condition(this))
        {
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Condition not met within {limit}; {_requests.Count} requests so far.");
            }
        }
    }

    private readonly SemaphoreSlim _arrived = new(0);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _arrivedCount);
            _arrived.Release();
            if (BeforeAnswer is { } hold)
            {
                await hold();
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            var verification = WebhookSigner.Verify(context.Request.Headers[WebhookSigner.SignatureHeader], bytes, Secret, _now(), WebhookSigner.DefaultTolerance);
            var status = _script.TryDequeue(out var scripted) ? scripted : 200;
            _requests.Enqueue(new ReceivedWebhook(
                context.Request.Headers[WebhookDispatcher.IdempotencyKeyHeader], context.Request.Headers[WebhookDispatcher.EventTypeHeader],
                context.Request.Headers[WebhookDispatcher.AttemptHeader], verification, status, bytes));
            context.Response.StatusCode = status;
            context.Response.Close();
            _arrived.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _arrived.Dispose();
    }
}
