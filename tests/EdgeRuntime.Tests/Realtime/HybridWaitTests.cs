using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>The output clock's wait on fake time: on time, woken early by new work, and never spinning long.</summary>
public sealed class HybridWaitTests
{
    // 1 tick = 1 µs. Sleeps take what they are asked plus a late wake-up the test chooses; a spin takes 2 µs.
    private sealed class FakeTime(long coarseLateTicks, long preciseLateTicks) : IWaitPrimitives
    {
        public long Now { get; private set; } = 1_000_000;

        public long Frequency => 1_000_000;

        public long Spun { get; private set; }

        public int PreciseSleeps { get; private set; }

        public long SleptUntilSignal { get; init; } = long.MaxValue;

        public bool Sleep(int milliseconds, WaitHandle? wake)
        {
            if (Now + (milliseconds * 1000L) >= SleptUntilSignal)
            {
                Now = SleptUntilSignal;
                return true;
            }

            Now += (milliseconds * 1000L) + coarseLateTicks;
            return false;
        }

        public void SleepPrecise(long ticks)
        {
            PreciseSleeps++;
            Now += ticks + preciseLateTicks;
        }

        public void Spin()
        {
            Now += 2;
            Spun += 2;
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1_900, 30)]    // millisecond sleeps waking 1.9 ms late, the precise one 30 µs late
    [InlineData(900, 250)]
    public void Returns_at_the_deadline_and_spins_at_most_the_window(long coarseLate, long preciseLate)
    {
        var time = new FakeTime(coarseLate, preciseLate);
        var wait = new HybridWait(time, spinTicks: 300);
        var deadline = time.Now + 25_000;

        Assert.True(wait.Until(deadline));

        Assert.InRange(time.Now - deadline, 0, 2);   // on time, to one spin
        Assert.InRange(time.Spun, 0, 300);
        Assert.True(time.PreciseSleeps >= 1);
    }

    [Fact]
    public void A_precise_sleep_that_overshoots_into_the_window_only_shortens_the_spin()
    {
        var time = new FakeTime(coarseLateTicks: 0, preciseLateTicks: 200);
        var wait = new HybridWait(time, spinTicks: 300);
        var deadline = time.Now + 10_000;

        Assert.True(wait.Until(deadline));
        Assert.InRange(time.Spun, 0, 102);
    }

    [Fact]
    public void A_deadline_inside_the_window_is_spun_to_without_sleeping()
    {
        var time = new FakeTime(0, 0);
        var wait = new HybridWait(time, spinTicks: 500);
        var deadline = time.Now + 400;

        Assert.True(wait.Until(deadline));
        Assert.Equal(0, time.PreciseSleeps);
        Assert.InRange(time.Spun, 400, 402);
    }

    [Fact]
    public void New_work_signalled_during_a_coarse_sleep_ends_the_wait_early()
    {
        var start = 1_000_000L;
        var time = new FakeTime(0, 0) { SleptUntilSignal = start + 5_000 };
        var wait = new HybridWait(time, spinTicks: 300);
        using var wake = new AutoResetEvent(false);

        Assert.False(wait.Until(start + 50_000, wake));
        Assert.Equal(start + 5_000, time.Now);
        Assert.Equal(0, time.Spun);
    }

    [Fact]
    public void New_work_already_signalled_at_the_precise_sleep_ends_the_wait_before_the_spin()
    {
        var time = new FakeTime(0, 0);
        var wait = new HybridWait(time, spinTicks: 300);
        using var wake = new AutoResetEvent(true);

        Assert.False(wait.Until(time.Now + 2_000, wake));
        Assert.Equal(0, time.Spun);
    }

    [Fact]
    public void A_spin_window_over_a_millisecond_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridWait(new FakeTime(0, 0), spinTicks: 1_001));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MonotonicClock(spinWindowMilliseconds: 2));
    }
}
