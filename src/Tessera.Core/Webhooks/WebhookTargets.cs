using System.Net;
using System.Net.Sockets;

namespace Tessera.Core.Webhooks;

/// <summary>
/// Which addresses webhooks are delivered to. A webhook makes the server send a signed POST to an address an admin
/// chose, and the test call reports how it went: without limits that is a port scanner and a request forger aimed at the
/// server's own network. Link-local addresses (169.254.0.0/16 with the cloud metadata service, fe80::/10), unspecified,
/// multicast and broadcast addresses are never targets; loopback (the server itself) only when the operator allows it
/// (<c>serve --allow-loopback-webhooks</c>, for a receiver on the same host). Private ranges stay allowed: SOAR receivers
/// usually live there. The host checks each address a name resolves to at connect time, so a name that later resolves
/// elsewhere (DNS rebinding) is held to the same rule.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why <paramref name="address"/> is not a webhook target; null when it is one.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : $"{address} is a loopback address (the server itself); start the server with --allow-loopback-webhooks to deliver there";
        }

        var bytes = address.GetAddressBytes();
        var refused = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => bytes[0] == 0 ? "an unspecified (0.0.0.0/8)"
                : bytes[0] == 169 && bytes[1] == 254 ? "a link-local (169.254.0.0/16, where cloud metadata services answer)"
                : bytes[0] >= 224 ? "a multicast, broadcast or reserved"
                : null,
            AddressFamily.InterNetworkV6 => address.Equals(IPAddress.IPv6None) ? "an unspecified"
                : address.IsIPv6LinkLocal ? "a link-local (fe80::/10)"
                : address.IsIPv6Multicast ? "a multicast"
                : null,
            _ => "an unsupported",
        };
        return refused is null ? null : $"{address} is {refused} address; webhooks are not delivered there";
    }

    /// <summary>Why the literal address in <paramref name="url"/> is not a target (null for a host name or an allowed address).</summary>
    public static string? UrlRefusal(Uri url, bool allowLoopback) =>
        url.IsAbsoluteUri && IPAddress.TryParse(url.IdnHost, out var literal) ? Refusal(literal, allowLoopback)
        : url.IsAbsoluteUri && url.IsLoopback && !allowLoopback ? $"{url.Host} is the server itself; start the server with --allow-loopback-webhooks to deliver there"
        : null;
}
