using System.Diagnostics;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Service;

/// <summary>
/// The box's one control thread: every <c>period</c> it ticks the <see cref="BoxController"/>, reports itself and
/// the engine's threads to the <see cref="ProgressWatch"/>, redraws the frame and sends it to the display(s) when it
/// changed, and sets the LEDs. A display that fails is logged and dropped; the box plays on without it.
/// </summary>
public sealed class BoxLoop : IDisposable
{
    private readonly BoxController _controller;
    private readonly IBoxEngine _engine;
    private readonly ProgressWatch _watch;
    private readonly List<IFrameSink> _sinks;
    private readonly Action<BoxView, TimeSpan>? _leds;
    private readonly Action<string> _log;
    private readonly TimeSpan _period;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly MonoFrame _frame = new();
    private readonly Lock _frameGate = new();
    private readonly ManualResetEventSlim _stop = new(false);
    private MonoFrame _shown = new();
    private bool _everShown;
    private Thread? _thread;

    public BoxLoop(BoxController controller, IBoxEngine engine, ProgressWatch watch, IEnumerable<IFrameSink> sinks, Action<BoxView, TimeSpan>? leds = null, Action<string>? log = null, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(sinks);
        _controller = controller;
        _engine = engine;
        _watch = watch;
        _sinks = [.. sinks];
        _leds = leds;
        _log = log ?? (_ => { });
        _period = period ?? TimeSpan.FromMilliseconds(20);
    }

    /// <summary>Monotonic time since the loop was made.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>A copy of the frame the display shows now.</summary>
    public MonoFrame Frame
    {
        get
        {
            lock (_frameGate)
            {
                return _shown.Clone();
            }
        }
    }

    /// <summary>Starts the loop's thread.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "box loop" };
        _thread.Start();
    }

    /// <summary>One pass at <paramref name="now"/> (the thread calls it; tests may too).</summary>
    public void RunOnce(TimeSpan now)
    {
        _controller.Tick(now);
        _watch.Beat(now);
        _watch.Observe(_engine.Progress, now);
        var view = _controller.View;
        BoxFrameRenderer.Render(view, _frame);
        _leds?.Invoke(view, now);
        if (_everShown && _frame.Bytes.SequenceEqual(_shown.Bytes))
        {
            return;
        }

        lock (_frameGate)
        {
            _shown = _frame.Clone();
            _everShown = true;
        }

        foreach (var sink in _sinks.ToList())
        {
            try
            {
                sink.Show(_frame);
            }
            catch (IOException ex)
            {
                _sinks.Remove(sink);
                _log($"display lost ({ex.Message}); the box runs on without it");
            }
        }
    }

    /// <summary>Stops the thread, then the engine (every note released, the session saved).</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _controller.Shutdown();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsSet)
        {
            try
            {
                RunOnce(_clock.Elapsed);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
            {
                // One bad pass (a profile write failing, a device call failing) must not end the box.
                _log($"box loop: {ex.Message}");
            }

            _stop.Wait(_period);
        }
    }
}
