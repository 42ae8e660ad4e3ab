using EdgeMeta.Firmware.Config;

namespace EdgeMeta.Firmware.Tests.Config;

public sealed class BoxConfigLoaderTests
{
    [Fact]
    public void The_defaults_are_a_valid_raspberry_pi_box()
    {
        var config = BoxConfigLoader.Parse("{}", "box.json");
        Assert.Empty(BoxConfigLoader.Validate(config));
        Assert.Equal((17, 27, 22), (config.Buttons.LearnPin, config.Buttons.PlayPin, config.Buttons.ClearPin));
        Assert.Equal((1, 0x3C), (config.Display.I2cBus, config.Display.Address));
    }

    [Fact]
    public void The_shipped_example_config_is_valid_and_says_the_defaults()
    {
        var path = Path.Combine(EdgeMeta.Tests.Shared.TestPaths.RepositoryRoot(), "deploy", "box.json");
        static string Json(BoxConfig c) => System.Text.Json.JsonSerializer.Serialize(c);
        Assert.Equal(Json(new BoxConfig()), Json(BoxConfigLoader.Load(path)));
    }

    [Fact]
    public void A_full_file_with_comments_is_read()
    {
        var config = BoxConfigLoader.Parse("""
            {
              // a wall installation
              "model": "/opt/edgemeta/models/default",
              "midiIn": "raw:hw:2,0",
              "profiles": ["house", "ana"],
              "start": "play",
              "playMode": "continue",
              "forgetVisitorAfterSeconds": 60,
              "buttons": { "learnPin": 4 },
              "display": { "address": 61 },
            }
            """, "box.json");
        Assert.Equal(("raw:hw:2,0", "play", 60.0, 4, 61), (config.MidiIn, config.Start, config.ForgetVisitorAfterSeconds!.Value, config.Buttons.LearnPin, config.Display.Address));
        Assert.Equal(["house", "ana"], config.Profiles);
    }

    [Theory]
    [InlineData("""{ "modle": "x" }""", "key 'modle': unknown key")]
    [InlineData("""{ "buttons": { "learnpin": 4 } }""", "key 'buttons.learnpin': unknown key")]
    [InlineData("""{ "buttons": { "learnPin": "four" } }""", "key 'buttons.learnPin':")]
    [InlineData("""{ "start": "dance" }""", "key 'start': 'dance' is not idle, learn or play")]
    [InlineData("""{ "temperature": 9 }""", "key 'temperature': 9 is outside 0.1-2")]
    [InlineData("""{ "profiles": [] }""", "key 'profiles': needs 1-8 names, has 0")]
    [InlineData("""{ "profiles": ["a","b","c","d","e","f","g","h","i"] }""", "key 'profiles': needs 1-8 names, has 9")]
    [InlineData("""{ "profiles": ["../etc"] }""", "key 'profiles': '../etc' is not a profile name")]
    [InlineData("""{ "knob": { "pinA": 40 } }""", "key 'knob.pinA': 40 is not a header GPIO (BCM 0-27)")]
    [InlineData("""{ "leds": { "errorPin": 3 } }""", "key 'leds.errorPin': GPIO 3 is the display's I²C line")]
    [InlineData("""{ "leds": { "readyPin": 17 } }""", "key 'leds.readyPin': GPIO 17 is already used by 'buttons.learnPin'")]
    [InlineData("""{ "display": { "address": 200 } }""", "key 'display.address': 200 is outside 8-119")]
    [InlineData("""{ "model": "x" """, "not valid JSON")]
    public void Each_problem_names_the_file_the_key_and_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<BoxConfigException>(() => BoxConfigLoader.Parse(json, "/etc/edgemeta/box.json"));
        Assert.StartsWith("/etc/edgemeta/box.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var ex = Assert.Throws<BoxConfigException>(() => BoxConfigLoader.Parse("""{ "start": "x", "retrySeconds": 0, "leds": { "brightness": 2 } }""", "box.json"));
        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void Every_unknown_key_is_reported_at_once()
    {
        var ex = Assert.Throws<BoxConfigException>(() => BoxConfigLoader.Parse("""{ "colour": 1, "knob": { "pin": 3, "pinA": 5 }, "leds": { "readyPin": 12 } }""", "box.json"));
        Assert.Equal(["key 'colour': unknown key (see README \"Build the box\" for the keys)", "key 'knob.pin': unknown key (see README \"Build the box\" for the keys)"], ex.Problems);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var ex = Assert.Throws<BoxConfigException>(() => BoxConfigLoader.Load("/nonexistent/box.json"));
        Assert.Contains("/nonexistent/box.json: cannot read the config file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_knob_frees_its_pins()
    {
        var config = BoxConfigLoader.Parse("""{ "knob": { "enabled": false }, "leds": { "errorPin": 26 } }""", "box.json");
        Assert.Equal(26, config.Leds.ErrorPin);
    }
}
