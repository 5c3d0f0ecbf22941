namespace Tessera.Core.Security;

/// <summary>
/// Slows online password guessing. Failed password checks are counted per user name (whether or not the name exists, so
/// the answer says nothing about which names do) and per client address; too many in a short time pause that name's, or
/// that address's, password checks:
/// <list type="bullet">
/// <item>a user name: <see cref="AccountFailures"/> failures with no quiet <see cref="Window"/> between them pause it for one minute; after a pause,
/// each failure pauses it again, twice as long, up to <see cref="MaxAccountPause"/> (so about 100 guesses a day), until a
/// successful sign-in or a quiet <see cref="Window"/>;</item>
/// <item>a client address: <see cref="ClientFailures"/> such failures, across any names, pause it for
/// <see cref="ClientPause"/>, and again after each failure that follows (password spraying from one place).</item>
/// </list>
/// While paused, even the right password is refused without being checked (which also spares the server the hashing
/// work). A success clears its user name's count, never the address's: one valid account must not reset a spraying
/// client. Pauses, rather than lock-outs until an admin acts, keep a stranger from locking the admin out for good; an admin
/// can still reset a password, and <c>tessera users set-password</c> works with the server down. The counts live in this
/// process's memory (each instance of several counts its own) and hold at most <see cref="MaxKeys"/> names and addresses.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int AccountFailures = 5;
    public const int ClientFailures = 30;
    public const int MaxKeys = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FirstAccountPause = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAccountPause = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ClientPause = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>How many user names and addresses are counted now (at most <see cref="MaxKeys"/>).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _counters.Count;
            }
        }
    }

    /// <summary>The moment password checks for <paramref name="userName"/> from <paramref name="client"/> may resume, or null when they are not paused.</summary>
    public DateTimeOffset? PausedUntil(string userName, string? client)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Later(Paused(AccountKey(userName), now), client is null ? null : Paused(ClientKey(client), now));
        }
    }

    /// <summary>Counts a failed password check; returns the pause it started, if it started one.</summary>
    public DateTimeOffset? RecordFailure(string userName, string? client)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var account = Fail(AccountKey(userName), now, AccountFailures, c => Min(FirstAccountPause * Math.Pow(2, c.Strikes), MaxAccountPause));
            var address = client is null ? null : Fail(ClientKey(client), now, ClientFailures, _ => ClientPause);
            return Later(account, address);
        }
    }

    /// <summary>A successful sign-in or password check: the name's failures and pause doubling start again.</summary>
    public void RecordSuccess(string userName)
    {
        lock (_gate)
        {
            _counters.Remove(AccountKey(userName));
        }
    }

    private DateTimeOffset? Paused(string key, DateTimeOffset now) =>
        _counters.TryGetValue(key, out var c) && c.PausedUntil > now ? c.PausedUntil : null;

    private DateTimeOffset? Fail(string key, DateTimeOffset now, int limit, Func<Counter, TimeSpan> pause)
    {
        if (!_counters.TryGetValue(key, out var c))
        {
            MakeRoom(now);
            c = new Counter();
            _counters[key] = c;
        }

        if (now - c.QuietSince > Window)
        {
            // A whole window without a failure or a pause: counting, and the doubling, start again.
            c.Failures = 0;
            c.Strikes = 0;
        }

        c.Failures++;
        c.LastFailure = now;
        if (c.Failures < limit || c.PausedUntil > now)
        {
            return null;
        }

        // The limit reached, or the first failure after a pause (the count stays at the limit until a quiet window).
        c.PausedUntil = now + pause(c);
        c.Strikes++;
        return c.PausedUntil;
    }

    // Forgets counts that no longer pause anything or count toward a pause; if every one still does, the stalest.
    private void MakeRoom(DateTimeOffset now)
    {
        if (_counters.Count < MaxKeys)
        {
            return;
        }

        foreach (var key in _counters.Where(p => now - p.Value.QuietSince > Window).Select(p => p.Key).ToList())
        {
            _counters.Remove(key);
        }

        if (_counters.Count >= MaxKeys)
        {
            _counters.Remove(_counters.MinBy(p => p.Value.QuietSince).Key);
        }
    }

    // Names compare as the user store compares them (case aside); the key keeps at most 256 characters of a long one.
    private static string AccountKey(string userName)
    {
        var name = userName.Trim();
        return "u:" + (name.Length > 256 ? name[..256] : name).ToLowerInvariant();
    }

    private static string ClientKey(string client) => "c:" + client;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Counter
    {
        public int Failures { get; set; }
        public DateTimeOffset LastFailure { get; set; }
        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
        public int Strikes { get; set; }

        /// <summary>When the last failure or pause ended.</summary>
        public DateTimeOffset QuietSince => LastFailure > PausedUntil ? LastFailure : PausedUntil;
    }
}
