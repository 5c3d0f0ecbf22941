using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tessera.Core.Webhooks;

namespace Tessera.Core.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 (OS-chosen port) speaking just enough HTTP/1.1: it reads each POST, checks
/// the signature with <see cref="WebhookSigner.Verify"/>, records it, and answers with the next scripted status
/// (the last one repeats). Status 0 means "never answer" (to exercise timeouts; <see cref="WaitForRequestAsync"/>
/// tells the test when such a request is being held). Like a real receiver it drops
/// events whose idempotency key it already acknowledged, counting them in <see cref="Duplicates"/>.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<(int Status, string? Extra)> _script;
    private readonly string _secret;
    private readonly Func<DateTimeOffset> _now;
    private readonly HashSet<string> _acknowledged = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentBag<Task> _handlers = [];
    private readonly SemaphoreSlim _received = new(0);
    private readonly Task _loop;

    public WebhookReceiver(string secret, Func<DateTimeOffset> now, params (int Status, string? ExtraHeader)[] script)
    {
        _secret = secret;
        _now = now;
        _script = new Queue<(int, string?)>(script);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks");

    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    /// <summary>Events acknowledged (2xx) with a new idempotency key: what the receiver's application processed.</summary>
    public ConcurrentQueue<string> Processed { get; } = new();

    public int Duplicates { get; private set; }

    /// <summary>Completes once the next request (in arrival order) has been recorded, before it is answered.</summary>
    public Task WaitForRequestAsync(CancellationToken ct) => _received.WaitAsync(ct);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Each connection on its own task, so a held ("never answer") connection does not block the retry.
            _handlers.Add(Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await HandleAsync(client.GetStream());
                    }
                    catch (Exception ex) when (ex is IOException or OperationCanceledException)
                    {
                        // The dispatcher gave up on a held connection, or the test is over.
                    }
                }
            }));
        }
    }

    private async Task HandleAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        var head = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headerEnd).Split("\r\n");
        var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = int.Parse(headers["Content-Length"]);
        while (buffer.Length < headerEnd + 4 + length)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        var body = buffer.GetBuffer().AsSpan(headerEnd + 4, length).ToArray();
        var verification = WebhookSigner.Verify(headers.GetValueOrDefault(WebhookSigner.SignatureHeader), body, _secret, _now(), WebhookSigner.DefaultTolerance);
        int status;
        string? extra;
        lock (_gate)
        {
            (status, extra) = _script.Count > 1 ? _script.Dequeue() : _script.Peek();
            Requests.Enqueue(new ReceivedWebhook(head[0], headers, body, verification, status));
        }

        _received.Release();

        if (status == 0)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        if (status is >= 200 and < 300 && verification == WebhookVerification.Valid)
        {
            lock (_gate)
            {
                if (_acknowledged.Add(headers[WebhookDispatcher.IdempotencyKeyHeader]))
                {
                    Processed.Enqueue(headers[WebhookDispatcher.IdempotencyKeyHeader]);
                }
                else
                {
                    Duplicates++;
                }
            }
        }

        var response = $"HTTP/1.1 {status} Scripted\r\nContent-Length: 0\r\nConnection: close\r\n{(extra is null ? "" : extra + "\r\n")}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        await Task.WhenAll(_handlers);
        _stop.Dispose();
        _received.Dispose();
    }
}

/// <summary>One request as the receiver saw it.</summary>
internal sealed record ReceivedWebhook(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body, WebhookVerification Verification, int AnsweredStatus);
