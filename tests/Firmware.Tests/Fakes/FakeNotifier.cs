using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeMeta.Firmware.Tests.Fakes;

/// <summary>Records what would go to systemd's notify socket.</summary>
internal sealed class FakeNotifier : ISystemdNotifier
{
    public List<string> Sent { get; } = [];

    public bool IsEnabled => true;

    public void Notify(ServiceState state) => Sent.Add(state.ToString());
}
