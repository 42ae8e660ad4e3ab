using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeMeta.EdgeRuntime.Hosting;

/// <summary>
/// Tells systemd how a <c>Type=notify</c> service is doing (the sd_notify protocol): one datagram per message to
/// the Unix socket named by <c>$NOTIFY_SOCKET</c>, a name starting with '@' being an abstract socket. Outside
/// systemd (no <c>$NOTIFY_SOCKET</c>) every call does nothing, so a command can always call it. Sending is best
/// effort: a failed send returns false and never throws, since a service should not die for its supervisor.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _sendLock = new();
    private bool _disposed;

    /// <summary>A notifier for the socket at <paramref name="socketPath"/>; null or empty gives one that does nothing.</summary>
    /// <param name="socketPath">A file system path, or '@name' for an abstract socket (as systemd writes it).</param>
    /// <param name="watchdogTimeout">The unit's WatchdogSec, when the watchdog is on for this process.</param>
    public SystemdNotifier(string? socketPath, TimeSpan? watchdogTimeout = null)
    {
        WatchdogTimeout = watchdogTimeout;
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        // Abstract socket names have a leading NUL byte in the kernel; systemd spells it '@'.
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>
    /// Reads <c>$NOTIFY_SOCKET</c>, <c>$WATCHDOG_USEC</c> and <c>$WATCHDOG_PID</c> as systemd sets them for the
    /// service's main process. The watchdog counts as on only when WATCHDOG_PID is unset or names this process.
    /// </summary>
    public static SystemdNotifier FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <summary><see cref="FromEnvironment()"/> with the environment and the process id given, for tests.</summary>
    public static SystemdNotifier FromEnvironment(Func<string, string?> getVariable, int processId)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        TimeSpan? watchdog = null;
        if (ulong.TryParse(getVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            var pid = getVariable("WATCHDOG_PID");
            if (string.IsNullOrEmpty(pid) || pid == processId.ToString(CultureInfo.InvariantCulture))
            {
                watchdog = TimeSpan.FromMicroseconds(usec);
            }
        }

        return new SystemdNotifier(getVariable("NOTIFY_SOCKET"), watchdog);
    }

    /// <summary>True when there is a systemd socket to talk to.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The unit's WatchdogSec for this process, or null when the watchdog is off.</summary>
    public TimeSpan? WatchdogTimeout { get; }

    /// <summary>
    /// How often to send <see cref="Watchdog"/>: half the timeout, as sd_watchdog_enabled(3) advises, so one late
    /// ping does not get the service killed. Null when the watchdog is off.
    /// </summary>
    public TimeSpan? WatchdogInterval => WatchdogTimeout / 2;

    /// <summary>READY=1: start-up is complete (ports open, model loaded); systemd now reports the unit active.</summary>
    public bool Ready(string? status = null) => Notify(status is null ? "READY=1" : $"READY=1\nSTATUS={status}");

    /// <summary>WATCHDOG=1: the service is alive. Call it from a loop that stops when the work stops.</summary>
    public bool Watchdog() => WatchdogTimeout is not null && Notify("WATCHDOG=1");

    /// <summary>STOPPING=1: shutdown has begun (notes are being released).</summary>
    public bool Stopping(string? status = null) => Notify(status is null ? "STOPPING=1" : $"STOPPING=1\nSTATUS={status}");

    /// <summary>STATUS=...: one line that <c>systemctl status</c> shows.</summary>
    public bool Status(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Notify($"STATUS={status.ReplaceLineEndings(" ")}");
    }

    /// <summary>Sends <paramref name="state"/> (newline-separated KEY=VALUE assignments) as one datagram.</summary>
    /// <returns>True if it was sent; false when disabled, disposed or the send failed.</returns>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_socket is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(state);
        lock (_sendLock)
        {
            if (_disposed)
            {
                return false;
            }

            try
            {
                return _socket.SendTo(bytes, SocketFlags.None, _endPoint!) == bytes.Length;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _socket?.Dispose();
        }
    }
}
