using System.Net.Sockets;
using System.Text;
using EdgeMeta.EdgeRuntime.Hosting;

namespace EdgeMeta.EdgeRuntime.Tests.Deploy;

/// <summary>The sd_notify side of the Type=notify units: the datagrams systemd would receive.</summary>
public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemeta-notify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ready_watchdog_and_stopping_arrive_as_systemd_expects_them()
    {
        var path = Path.Combine(_folder, "notify.sock");
        using var systemd = Listen(path);
        using var notifier = new SystemdNotifier(path, TimeSpan.FromSeconds(10));

        Assert.True(notifier.Ready("listening on raw:hw:1,0"));
        Assert.True(notifier.Watchdog());
        Assert.True(notifier.Status("phrases 3 | answers 2"));
        Assert.True(notifier.Stopping());

        Assert.Equal("READY=1\nSTATUS=listening on raw:hw:1,0", Receive(systemd));
        Assert.Equal("WATCHDOG=1", Receive(systemd));
        Assert.Equal("STATUS=phrases 3 | answers 2", Receive(systemd));
        Assert.Equal("STOPPING=1", Receive(systemd));
    }

    [Fact]
    public void An_at_sign_names_an_abstract_socket()
    {
        var name = "edgemeta-test-" + Guid.NewGuid().ToString("N");
        using var systemd = Listen("\0" + name);
        using var notifier = new SystemdNotifier("@" + name);

        Assert.True(notifier.Ready());
        Assert.Equal("READY=1", Receive(systemd));
    }

    [Fact]
    public void Without_NOTIFY_SOCKET_every_call_does_nothing()
    {
        using var notifier = SystemdNotifier.FromEnvironment(_ => null, 1234);

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.WatchdogInterval);
        Assert.False(notifier.Ready());
        Assert.False(notifier.Watchdog());
        Assert.False(notifier.Stopping());
    }

    [Fact]
    public void Watchdog_interval_is_half_of_WATCHDOG_USEC_for_this_process()
    {
        var env = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "@x", ["WATCHDOG_USEC"] = "10000000", ["WATCHDOG_PID"] = "1234" };
        using var mine = SystemdNotifier.FromEnvironment(k => env.GetValueOrDefault(k), 1234);
        using var other = SystemdNotifier.FromEnvironment(k => env.GetValueOrDefault(k), 999);

        Assert.Equal(TimeSpan.FromSeconds(10), mine.WatchdogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), mine.WatchdogInterval);
        Assert.Null(other.WatchdogTimeout);   // the watchdog is meant for another process (a parent or child)
        Assert.False(other.Watchdog());
    }

    [Fact]
    public void A_watchdog_ping_is_not_sent_when_the_unit_has_no_watchdog()
    {
        var path = Path.Combine(_folder, "nowatchdog.sock");
        using var systemd = Listen(path);
        using var notifier = new SystemdNotifier(path);

        Assert.False(notifier.Watchdog());
        Assert.True(notifier.Ready());
        Assert.Equal("READY=1", Receive(systemd));   // the first datagram is READY, not a stray WATCHDOG
    }

    [Fact]
    public void A_missing_socket_is_reported_not_thrown()
    {
        using var notifier = new SystemdNotifier(Path.Combine(_folder, "nobody-listens.sock"));

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.Ready());
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
