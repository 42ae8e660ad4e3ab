using EdgeMeta.Firmware.Devices.Buttons;

namespace EdgeMeta.Firmware.Tests.Devices;

public sealed class ButtonDebouncerTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Contact_bounce_shorter_than_the_debounce_time_is_ignored()
    {
        var button = new ButtonDebouncer(Ms(20), Ms(1000));
        int presses = 0;
        button.Pressed += () => presses++;

        // A bounce: down and up within 5 ms, then quiet.
        button.Update(true, Ms(0));
        button.Update(false, Ms(3));
        button.Update(true, Ms(4));
        button.Update(false, Ms(5));
        button.Update(false, Ms(50));

        Assert.False(button.IsPressed);
        Assert.Equal(0, presses);
    }

    [Fact]
    public void A_short_press_is_reported_once_on_release()
    {
        var button = new ButtonDebouncer(Ms(20), Ms(1000));
        int presses = 0;
        int holds = 0;
        button.Pressed += () => presses++;
        button.Held += () => holds++;

        button.Update(true, Ms(0));
        button.Update(true, Ms(25));
        Assert.True(button.IsPressed);
        button.Update(false, Ms(200));
        button.Update(false, Ms(230));

        Assert.Equal(1, presses);
        Assert.Equal(0, holds);
    }

    [Fact]
    public void A_long_press_is_a_hold_and_its_release_is_not_a_press()
    {
        var button = new ButtonDebouncer(Ms(20), Ms(1000));
        int presses = 0;
        int holds = 0;
        button.Pressed += () => presses++;
        button.Held += () => holds++;

        button.Update(true, Ms(0));
        button.Update(true, Ms(30));
        button.Update(true, Ms(1005));
        button.Update(true, Ms(1500));
        button.Update(false, Ms(1600));
        button.Update(false, Ms(1630));

        Assert.Equal(1, holds);
        Assert.Equal(0, presses);
    }

    [Fact]
    public void Hold_time_must_exceed_debounce_time()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ButtonDebouncer(Ms(50), Ms(40)));
    }
}
