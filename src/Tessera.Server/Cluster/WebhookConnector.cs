using System.Net;
using System.Net.Sockets;
using Tessera.Core.Webhooks;

namespace Tessera.Server.Cluster;

/// <summary>Whether webhooks may be delivered to the server's own loopback addresses (<c>serve --allow-loopback-webhooks</c>).</summary>
public sealed record WebhookTargetOptions(bool AllowLoopback);

/// <summary>
/// Opens the webhook client's connections only to addresses <see cref="WebhookTargets"/> allows: each address the host
/// name resolves to is checked when connecting (so a name re-pointed after it was saved gains nothing), refused ones are
/// skipped, and when none is left the delivery fails saying why.
/// </summary>
public static class WebhookConnector
{
    public static SocketsHttpHandler Handler(WebhookTargetOptions options) => new()
    {
        // Redirects are not followed: a receiver could otherwise bounce signed events to any address.
        AllowAutoRedirect = false,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options.AllowLoopback, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowLoopback, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.Host, ct);
        var refusals = new List<string>();
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (WebhookTargets.Refusal(address, allowLoopback) is { } refusal)
            {
                refusals.Add(refusal);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
            }
        }

        throw failure ?? new HttpRequestException($"not delivered to {target.Host}: {string.Join("; ", refusals.Distinct())}");
    }
}
