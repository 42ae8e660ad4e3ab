using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeMeta.Firmware.Service;

/// <summary>
/// Sends systemd's WATCHDOG=1 only while every watched thread is alive and making progress. When one is stuck
/// the pings stop (and the journal says which thread), so systemd kills and restarts the service after
/// WatchdogSec; the SIGABRT path still releases every note through the kernel closing the MIDI device, and the
/// new process starts with a clean engine.
/// </summary>
public sealed class WatchdogPinger
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");
    private readonly ISystemdNotifier _notifier;
    private readonly ProgressWatch _watch;
    private readonly Action<string> _log;
    private string? _reported;

    public WatchdogPinger(ISystemdNotifier notifier, ProgressWatch watch, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(watch);
        _notifier = notifier;
        _watch = watch;
        _log = log ?? (_ => { });
    }

    /// <summary>Pings sent so far.</summary>
    public int Pings { get; private set; }

    /// <summary>
    /// The ping interval systemd asks for: half of $WATCHDOG_USEC (set by WatchdogSec=), or null when the service
    /// runs without a watchdog.
    /// </summary>
    public static TimeSpan? IntervalFromEnvironment()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        return long.TryParse(usec, out var value) && value > 0 ? TimeSpan.FromMicroseconds(value / 2.0) : null;
    }

    /// <summary>Checks the threads at <paramref name="now"/> and pings when all are well; returns whether it pinged.</summary>
    public bool Tick(TimeSpan now)
    {
        if (_watch.FindStall(now) is { } stall)
        {
            if (_reported != stall.Thread)
            {
                _reported = stall.Thread;
                _log($"watchdog: the {stall.Thread} thread has made no progress for {stall.For.TotalSeconds:0} s; pings stop so systemd restarts the box");
            }

            return false;
        }

        if (_reported is not null)
        {
            _log($"watchdog: the {_reported} thread is moving again; pings resume");
            _reported = null;
        }

        if (_notifier.IsEnabled)
        {
            _notifier.Notify(Ping);
        }

        Pings++;
        return true;
    }
}
