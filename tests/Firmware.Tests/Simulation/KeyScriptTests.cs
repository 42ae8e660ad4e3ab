using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Simulation;

namespace EdgeMeta.Firmware.Tests.Simulation;

public sealed class KeyScriptTests
{
    [Fact]
    public void A_script_becomes_timed_gestures_in_order()
    {
        var keys = KeyScript.Parse("play@12, learn@1,knob+3@13,push-2@14.5,stop@30,png@20,quit@31");

        Assert.Equal([1, 12, 13, 14.5, 20, 30, 31], keys.Select(k => k.At.TotalSeconds));
        Assert.Equal(new BoxControlEvent(BoxControl.LearnPress), keys[0].Control);
        Assert.Equal(new BoxControlEvent(BoxControl.KnobTurn, 3), keys[2].Control);
        Assert.Equal(new BoxControlEvent(BoxControl.KnobTurn, -2, true), keys[3].Control);
        Assert.Equal("png", keys[4].Action);
        Assert.Equal(new BoxControlEvent(BoxControl.PlayPress), keys[5].Control);
    }

    [Theory]
    [InlineData("learn", "expected NAME@SECONDS")]
    [InlineData("learn@soon", "expected NAME@SECONDS")]
    [InlineData("dance@3", "unknown key 'dance'")]
    [InlineData("knob+x@3", "unknown key 'knob+x'")]
    public void Bad_steps_are_quoted(string script, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => KeyScript.Parse(script));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
