using System.Security.Cryptography;

namespace Tessera.Core.Webhooks;

/// <summary>
/// A configured webhook receiver: where to POST, the shared secret that signs deliveries, and which event types
/// it wants (<c>*</c> for all). URLs come from administrators' configuration, never from event content.
/// </summary>
public sealed record WebhookSubscription
{
    /// <summary>Secrets shorter than this are guessable offline from one captured signature.</summary>
    public const int MinSecretLength = 16;

    public required Guid Id { get; init; }

    public required Uri Url { get; init; }

    public required string Secret { get; init; }

    /// <summary>Event types such as <c>coverage.regression</c>, or <c>*</c>.</summary>
    public required IReadOnlyList<string> EventTypes { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>A label for people (e.g. <c>soar-prod</c>); at most <see cref="MaxNameLength"/> characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>Who created it (user name or API key), for the audit trail and the admin page.</summary>
    public string? CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public const int MaxNameLength = 100;

    /// <summary>Whether this subscription is enabled and wants events of <paramref name="eventType"/>.</summary>
    public bool Accepts(string eventType) =>
        Enabled && EventTypes.Any(t => t == "*" || string.Equals(t, eventType, StringComparison.Ordinal));

    /// <summary>Problems that make the subscription unusable (empty when it is valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add("url must be an absolute http or https URL");
        }
        else if (Url.OriginalString.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            // Uri escapes them when sending, but the URL as given is what pages, audit entries and logs show.
            problems.Add("url must not contain spaces, line breaks or other control characters (percent-encode them)");
        }
        else if (Url.UserInfo.Length > 0)
        {
            // Credentials in the URL would end up in delivery logs; receivers authenticate through the signature.
            problems.Add("url must not contain user information");
        }

        if (Name.Length > MaxNameLength)
        {
            problems.Add($"name must be at most {MaxNameLength} characters");
        }
        else if (Text.PlainText.OneLineProblem("name", Name) is { } control)
        {
            problems.Add(control);
        }

        if (Secret.Length < MinSecretLength)
        {
            problems.Add($"secret must be at least {MinSecretLength} characters");
        }

        if (EventTypes.Count == 0)
        {
            problems.Add("at least one event type (or *) is required");
        }
        else if (EventTypes.Count > WebhookEventTypes.All.Count + 1 || EventTypes.Distinct(StringComparer.Ordinal).Count() != EventTypes.Count)
        {
            // Each type at most once: 500,000 copies of one type were stored, and their audit snapshot failed the request.
            problems.Add($"eventTypes names {EventTypes.Count} types; name each at most once (* or any of {string.Join(", ", WebhookEventTypes.All)})");
            return problems;
        }

        // A type Tessera never sends would make a subscription that silently never fires (a typo, or a guess).
        problems.AddRange(EventTypes.Where(t => t != "*" && !WebhookEventTypes.All.Contains(t, StringComparer.Ordinal)).Select(t =>
            $"'{Text.Echo.Clip(t, 100)}' is not an event type Tessera sends: use * or one of {string.Join(", ", WebhookEventTypes.All)}"));
        return problems;
    }

    /// <summary>A new random secret (<c>whsec_</c> + 32 random bytes, base64url).</summary>
    public static string GenerateSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
