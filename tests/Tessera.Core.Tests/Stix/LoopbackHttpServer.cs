using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Core.Tests.Stix;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with an OS-chosen port, serving fixed bodies by path, so URL
/// loading is tested without the internet. One request per connection; unknown paths get 404.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _bodies;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer(Dictionary<string, byte[]> bodies)
    {
        _bodies = bodies;
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}");

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

            using (client)
            {
                try
                {
                    await RespondAsync(client.GetStream());
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // Disposed while a response was still being written: a client that returns on the
                    // status line (a 404) need not read the body, so this is a normal end, not a failure.
                    return;
                }
                catch (IOException)
                {
                    // The client closed the connection before the body was written; serve the next one.
                }
            }
        }
    }

    private async Task RespondAsync(NetworkStream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var path = request.ToString().Split(' ')[1];
        var found = _bodies.TryGetValue(path, out var body);
        body ??= "not found"u8.ToArray();
        var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await stream.WriteAsync(body, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
