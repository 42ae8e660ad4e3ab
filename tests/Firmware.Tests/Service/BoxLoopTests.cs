using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Engine;
using EdgeMeta.Firmware.Service;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Service;

public sealed class BoxLoopTests
{
    private sealed class RecordingSink : IFrameSink
    {
        public List<byte[]> Frames { get; } = [];

        public bool Fail { get; set; }

        public void Show(MonoFrame frame)
        {
            if (Fail)
            {
                throw new IOException("Error 121 performing I2C data transfer");
            }

            Frames.Add(frame.Bytes.ToArray());
        }
    }

    [Fact]
    public void The_display_gets_a_frame_only_when_the_picture_changes()
    {
        var engine = new FakeBoxEngine();
        var controller = new BoxController(engine, new BoxControllerSettings());
        var sink = new RecordingSink();
        var loop = new BoxLoop(controller, engine, new ProgressWatch(TimeSpan.FromSeconds(10)), [sink]);

        loop.RunOnce(TimeSpan.FromSeconds(1));
        loop.RunOnce(TimeSpan.FromSeconds(1.02));
        controller.Handle(BoxControl.PlayPress);
        loop.RunOnce(TimeSpan.FromSeconds(1.04));

        Assert.Equal(2, sink.Frames.Count);
        var listening = new MonoFrame();
        BoxFrameRenderer.Render(controller.View, listening);
        Assert.Equal(listening.Bytes.ToArray(), sink.Frames[1]);
        Assert.Equal(listening.Bytes.ToArray(), loop.Frame.Bytes.ToArray());
    }

    [Fact]
    public void A_display_that_fails_is_dropped_and_the_box_goes_on()
    {
        var engine = new FakeBoxEngine();
        var controller = new BoxController(engine, new BoxControllerSettings());
        var sink = new RecordingSink { Fail = true };
        var log = new List<string>();
        var loop = new BoxLoop(controller, engine, new ProgressWatch(TimeSpan.FromSeconds(10)), [sink], log: log.Add);

        loop.RunOnce(TimeSpan.FromSeconds(1));
        controller.Handle(BoxControl.PlayPress);
        loop.RunOnce(TimeSpan.FromSeconds(1.1));

        Assert.Single(log);
        Assert.Contains("display lost", log[0], StringComparison.Ordinal);
        Assert.Equal(BoxState.Listening, controller.Machine.State);
    }

    [Fact]
    public void The_loop_reports_the_engine_threads_to_the_watchdog()
    {
        var engine = new FakeBoxEngine { Progress = [new EngineThreadProgress("output", 1, HasWork: true)] };
        var controller = new BoxController(engine, new BoxControllerSettings());
        var watch = new ProgressWatch(TimeSpan.FromSeconds(10));
        var loop = new BoxLoop(controller, engine, watch, []);

        loop.RunOnce(TimeSpan.FromSeconds(0));
        loop.RunOnce(TimeSpan.FromSeconds(11));

        Assert.Equal("output", watch.FindStall(TimeSpan.FromSeconds(11))?.Thread);
    }
}
