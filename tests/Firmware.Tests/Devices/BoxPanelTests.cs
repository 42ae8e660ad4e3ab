using System.Device.Gpio;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Config;
using EdgeMeta.Firmware.Devices;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Devices;

/// <summary>The whole panel on fakes: the config's pins and address, and parts that are missing.</summary>
public sealed class BoxPanelTests
{
    [Fact]
    public void The_panel_opens_the_configured_pins_and_the_display_at_its_address()
    {
        var driver = new FakeGpioDriver();
        using var gpio = new GpioController(driver);
        FakeI2cDevice? bus = null;
        var log = new List<string>();
        var config = new BoxConfig { Leds = new LedsConfig { PwmChip = null } };
        using var panel = new BoxPanel(config, new BoxController(new FakeBoxEngine(), new BoxControllerSettings()), log.Add, gpio,
            settings => bus = new FakeI2cDevice(settings.BusId, settings.DeviceAddress));

        Assert.Empty(log);
        Assert.NotNull(panel.Display);
        Assert.Equal((1, 0x3C), (bus!.ConnectionSettings.BusId, bus.ConnectionSettings.DeviceAddress));
        foreach (var pin in new[] { 17, 27, 22, 26 })
        {
            Assert.Equal(PinMode.InputPullUp, driver.Mode(pin));
        }

        foreach (var pin in new[] { 12, 13, 16 })
        {
            Assert.Equal(PinMode.Output, driver.Mode(pin));
        }
    }

    [Fact]
    public void A_missing_display_and_knob_are_logged_and_the_rest_works()
    {
        var driver = new FakeGpioDriver();
        driver.Broken.Add(5);   // knob pin A not wired
        using var gpio = new GpioController(driver);
        var log = new List<string>();
        var config = new BoxConfig { Leds = new LedsConfig { PwmChip = null } };
        var engine = new FakeBoxEngine();
        var controller = new BoxController(engine, new BoxControllerSettings());
        using var panel = new BoxPanel(config, controller, log.Add, gpio, _ => throw new IOException("Error 121 performing I2C data transfer"));

        Assert.Null(panel.Display);
        Assert.Contains(log, l => l.StartsWith("display: not available", StringComparison.Ordinal) && l.Contains("Error 121", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("knob (GPIO 5/6", StringComparison.Ordinal));
        Assert.Equal(PinMode.InputPullUp, driver.Mode(27));   // the play button is there
        controller.Tick(TimeSpan.FromSeconds(1));
        controller.Handle(BoxControl.PlayPress);
        controller.Tick(TimeSpan.FromSeconds(1.1));
        Assert.Equal(BoxState.Listening, controller.Machine.State);
    }
}
