using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Config;
using EdgeMeta.Firmware.Devices;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeMeta.Firmware.Service;

/// <summary>
/// The box as a systemd service (<c>Type=notify</c>): READY=1 once the model is loaded and the MIDI ports are open,
/// WATCHDOG=1 only while the box loop and the engine's threads make progress, STATUS= with the box's state,
/// STOPPING=1 on shutdown. SIGTERM (and every other way out of <see cref="ExecuteAsync"/>) stops the engine, which
/// releases every note and saves the profile. A bad config, a missing model or device is a fault the box shows
/// and retries, never a crash loop.
/// </summary>
internal sealed class BoxService(string configPath, ISystemdNotifier notifier, ILogger<BoxService> logger) : BackgroundService
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(10);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Notify(ServiceState.Stopping);
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            BoxConfig config;
            IBoxEngine engine;
            ConfigFaultEngine? configFault = null;
            try
            {
                config = BoxConfigLoader.Load(configPath);
                engine = new RuntimeBoxEngine(BoxConfigMapping.EngineOptions(config), Log);
            }
            catch (BoxConfigException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    logger.LogError("config {Path}: {Problem}", ex.Path, problem);
                }

                // The panel on the default pins shows the problem until the file is fixed.
                config = new BoxConfig();
                configFault = new ConfigFaultEngine(configPath, ex);
                engine = configFault;
            }

            await RunBox(config, engine, () => configFault?.Fixed == true, stoppingToken);
        }
    }

    private async Task RunBox(BoxConfig config, IBoxEngine engine, Func<bool> rebuild, CancellationToken stoppingToken)
    {
        var controller = new BoxController(engine, BoxConfigMapping.ControllerSettings(config), Log);
        using var panel = new BoxPanel(config, controller, Log);
        var watch = new ProgressWatch(StallTimeout);
        var pinger = new WatchdogPinger(notifier, watch, line => logger.LogError("{Line}", line));
        var pingEvery = WatchdogPinger.IntervalFromEnvironment() ?? TimeSpan.FromSeconds(5);
        var loop = new BoxLoop(controller, engine, watch, panel.Display is { } display ? [display] : Array.Empty<IFrameSink>(), panel.ShowLeds, Log);
        var ready = false;
        string? status = null;
        loop.Start();
        try
        {
            while (!stoppingToken.IsCancellationRequested && !rebuild())
            {
                pinger.Tick(loop.Now);
                var view = controller.View;
                if (!ready && engine.IsOpen && view.State != BoxState.Fault)
                {
                    ready = true;
                    notifier.Notify(ServiceState.Ready);
                    logger.LogInformation("ready: model loaded, MIDI ports open");
                }

                var now = view.State == BoxState.Fault ? $"problem: {view.Fault}" : $"{BoxFrameRenderer.StateWord(view.State).ToLowerInvariant()}, profile {view.Profile}";
                if (now != status)
                {
                    status = now;
                    notifier.Notify(new ServiceState("STATUS=" + now));
                }

                await Task.Delay(Min(pingEvery, TimeSpan.FromSeconds(1)), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            loop.Dispose();   // the engine stops: note-off for every sounding note and CC 123, profile saved atomically
            engine.Dispose();
        }
    }

    // The box and the engine log plain lines; the journal gets them with a priority a person can filter on
    // (journalctl -p warning): faults and lost parts as warnings, everything else as information.
    private void Log(string line)
    {
        var warning = line.Contains("-> Fault", StringComparison.Ordinal) || line.Contains(" lost", StringComparison.Ordinal)
            || line.Contains("not available", StringComparison.Ordinal) || line.Contains("not saved", StringComparison.Ordinal)
            || line.Contains("failed", StringComparison.Ordinal) || line.StartsWith("warning", StringComparison.Ordinal)
            || line.StartsWith("model", StringComparison.Ordinal) || line.StartsWith("midi ", StringComparison.Ordinal);
        logger.Log(warning ? LogLevel.Warning : LogLevel.Information, "{Line}", line);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
