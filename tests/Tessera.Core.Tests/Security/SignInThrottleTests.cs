using Tessera.Core.Security;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Security;

public sealed class SignInThrottleTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private SignInThrottle NewThrottle() => new(_clock);

    private static void Fail(SignInThrottle throttle, string name, string? client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.RecordFailure(name, client);
        }
    }

    [Fact]
    public void RecordFailure_FifthForOneName_PausesThatNameForAMinute()
    {
        var throttle = NewThrottle();
        Fail(throttle, "alice", "10.0.0.1", SignInThrottle.AccountFailures - 1);
        Assert.Null(throttle.PausedUntil("alice", "10.0.0.1"));

        var pause = throttle.RecordFailure("alice", "10.0.0.1");

        Assert.Equal(_clock.Now + SignInThrottle.FirstAccountPause, pause);
        Assert.Equal(pause, throttle.PausedUntil("alice", "10.0.0.2"));
        Assert.Equal(pause, throttle.PausedUntil(" ALICE ", null));
        Assert.Null(throttle.PausedUntil("bob", "10.0.0.1"));
    }

    [Fact]
    public void RecordFailure_AfterAPause_EachFailurePausesAgainTwiceAsLongUpToTheMaximum()
    {
        var throttle = NewThrottle();
        Fail(throttle, "alice", null, SignInThrottle.AccountFailures);
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            _clock.Advance(throttle.PausedUntil("alice", null)!.Value - _clock.Now);
            Assert.Null(throttle.PausedUntil("alice", null));
            pauses.Add(throttle.RecordFailure("alice", null)!.Value - _clock.Now);
        }

        Assert.Equal([2, 4, 8, 15, 15, 15], pauses.Select(p => p.TotalMinutes));
    }

    [Fact]
    public void RecordFailure_AfterAQuietWindow_CountsAfreshFromOne()
    {
        var throttle = NewThrottle();
        Fail(throttle, "alice", null, SignInThrottle.AccountFailures);
        _clock.Advance(SignInThrottle.FirstAccountPause + SignInThrottle.Window + TimeSpan.FromSeconds(1));

        Fail(throttle, "alice", null, SignInThrottle.AccountFailures - 1);
        Assert.Null(throttle.PausedUntil("alice", null));
        Assert.Equal(_clock.Now + SignInThrottle.FirstAccountPause, throttle.RecordFailure("alice", null));
    }

    [Fact]
    public void RecordSuccess_ClearsTheNameButNotTheAddress()
    {
        var throttle = NewThrottle();
        Fail(throttle, "alice", "10.0.0.1", SignInThrottle.AccountFailures - 1);
        Fail(throttle, "mallory", "10.0.0.9", SignInThrottle.ClientFailures - 1);

        throttle.RecordSuccess("alice");
        throttle.RecordSuccess("mallory");

        Fail(throttle, "alice", "10.0.0.1", SignInThrottle.AccountFailures - 1);
        Assert.Null(throttle.PausedUntil("alice", "10.0.0.1"));
        Assert.NotNull(throttle.RecordFailure("someone-else", "10.0.0.9"));
        Assert.NotNull(throttle.PausedUntil("carol", "10.0.0.9"));
    }

    [Fact]
    public void RecordFailure_SprayingManyNamesFromOneAddress_PausesTheAddress()
    {
        var throttle = NewThrottle();
        for (var i = 0; i < SignInThrottle.ClientFailures - 1; i++)
        {
            Assert.Null(throttle.RecordFailure($"user{i}", "10.0.0.9"));
        }

        var pause = throttle.RecordFailure("user-last", "10.0.0.9");

        Assert.Equal(_clock.Now + SignInThrottle.ClientPause, pause);
        Assert.Equal(pause, throttle.PausedUntil("admin", "10.0.0.9"));
        Assert.Null(throttle.PausedUntil("admin", "10.0.0.10"));
    }

    [Fact]
    public void RecordFailure_MoreNamesThanTheLimit_KeepsMemoryBoundedAndActivePausesFirst()
    {
        var throttle = NewThrottle();
        Fail(throttle, "alice", null, SignInThrottle.AccountFailures);
        var alicePause = throttle.PausedUntil("alice", null);

        for (var i = 0; i < SignInThrottle.MaxKeys + 50; i++)
        {
            throttle.RecordFailure($"noise{i}", null);
        }

        // The stalest counter goes when room is needed: alice's was made first, but her running pause is the freshest.
        Assert.Equal(SignInThrottle.MaxKeys, throttle.Count);
        Assert.NotNull(alicePause);
        Assert.Equal(alicePause, throttle.PausedUntil("alice", null));
    }
}
