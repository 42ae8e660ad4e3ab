using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMeta.Firmware.Config;

/// <summary>Reads and checks <see cref="BoxConfig"/>: unknown keys are refused and every bad value is reported with its key.</summary>
public static class BoxConfigLoader
{
    /// <summary>Where the service looks when no --config is given.</summary>
    public const string DefaultPath = "/etc/edgemeta/box.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads and validates <paramref name="path"/>.</summary>
    /// <exception cref="BoxConfigException">Missing file, bad JSON, an unknown key or a bad value (every problem listed).</exception>
    public static BoxConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BoxConfigException(path, [$"cannot read the config file ({ex.Message})"], ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates config text; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="BoxConfigException">Bad JSON, an unknown key or a bad value.</exception>
    public static BoxConfig Parse(string text, string path)
    {
        BoxConfig? config;
        try
        {
            // Every unknown key at once (a typo in one section should not hide another's); the serializer's own
            // Disallow check stays as the backstop.
            using (var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
            {
                var unknown = new List<string>();
                UnknownKeys(document.RootElement, typeof(BoxConfig), "", unknown);
                if (unknown.Count > 0)
                {
                    throw new BoxConfigException(path, [.. unknown.Select(k => $"key '{k}': unknown key (see README \"Build the box\" for the keys)")]);
                }
            }

            config = JsonSerializer.Deserialize<BoxConfig>(text, Options);
        }
        catch (JsonException ex)
        {
            throw new BoxConfigException(path, [Describe(ex)], ex);
        }

        if (config is null)
        {
            throw new BoxConfigException(path, ["the file holds null, not a config object"]);
        }

        var problems = Validate(config);
        return problems.Count == 0 ? config : throw new BoxConfigException(path, problems);
    }

    /// <summary>Every problem of <paramref name="config"/>, each as "key 'a.b': what is wrong".</summary>
    public static IReadOnlyList<string> Validate(BoxConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<string>();
        void Check(bool ok, string key, FormattableString problem)
        {
            if (!ok)
            {
                problems.Add($"key '{key}': {problem.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        void Range(double value, double min, double max, string key) =>
            Check(value >= min && value <= max, key, $"{value} is outside {min}-{max}");

        Check(!string.IsNullOrWhiteSpace(config.Model), "model", $"must name the model folder");
        Check(!string.IsNullOrWhiteSpace(config.MidiIn), "midiIn", $"must name a MIDI input (e.g. raw:hw:1,0)");
        Check(!string.IsNullOrWhiteSpace(config.MidiOut), "midiOut", $"must name a MIDI output (e.g. raw:hw:1,0)");
        Check(!string.IsNullOrWhiteSpace(config.ProfilesFolder), "profilesFolder", $"must name a folder");
        Check(config.Profiles is { Count: >= 1 and <= 8 }, "profiles", $"needs 1-8 names, has {config.Profiles?.Count ?? 0}");
        if (config.Profiles is not null)
        {
            foreach (var name in config.Profiles)
            {
                Check(IsProfileName(name), "profiles", $"'{name}' is not a profile name (1-12 letters, digits, - or _)");
            }

            Check(config.Profiles.Distinct(StringComparer.Ordinal).Count() == config.Profiles.Count, "profiles", $"names must be different");
        }

        Check(config.Start is "idle" or "learn" or "play", "start", $"'{config.Start}' is not idle, learn or play");
        Check(config.PlayMode is "call-response" or "continue", "playMode", $"'{config.PlayMode}' is not call-response or continue");
        Range(config.Temperature, 0.1, 2, "temperature");
        Range(config.AnswerLength, 0.25, 4, "answerLength");
        Range(config.ResponseDelaySeconds, 0, 2, "responseDelaySeconds");
        Range(config.PhraseRestSeconds, 0.1, 5, "phraseRestSeconds");
        if (config.ForgetVisitorAfterSeconds is { } forget)
        {
            Range(forget, 5, 3600, "forgetVisitorAfterSeconds");
        }

        Range(config.RetrySeconds, 1, 300, "retrySeconds");
        if (config.GpioChip is { } chip)
        {
            Range(chip, 0, 15, "gpioChip");
        }

        Range(config.Buttons.DebounceMs, 1, 200, "buttons.debounceMs");
        Range(config.Buttons.HoldSeconds, 0.3, 5, "buttons.holdSeconds");
        Range(config.Knob.PulsesPerTurn, 4, 1024, "knob.pulsesPerTurn");
        Range(config.Leds.Brightness, 0.05, 1, "leds.brightness");
        if (config.Leds.PwmChip is { } pwm)
        {
            Range(pwm, 0, 15, "leds.pwmChip");
        }

        Range(config.Display.I2cBus, 0, 31, "display.i2cBus");
        Range(config.Display.Address, 0x08, 0x77, "display.address");
        Range(config.Display.Contrast, 0, 255, "display.contrast");
        CheckPins(config, problems);
        return problems;
    }

    private static void CheckPins(BoxConfig config, List<string> problems)
    {
        var pins = new List<(string Key, int Pin)>
        {
            ("buttons.learnPin", config.Buttons.LearnPin),
            ("buttons.playPin", config.Buttons.PlayPin),
            ("buttons.clearPin", config.Buttons.ClearPin),
            ("leds.readyPin", config.Leds.ReadyPin),
            ("leds.playPin", config.Leds.PlayPin),
            ("leds.errorPin", config.Leds.ErrorPin),
        };
        if (config.Knob.Enabled)
        {
            pins.AddRange([("knob.pinA", config.Knob.PinA), ("knob.pinB", config.Knob.PinB), ("knob.pushPin", config.Knob.PushPin)]);
        }

        foreach (var (key, pin) in pins)
        {
            if (pin is < 0 or > 27)
            {
                problems.Add($"key '{key}': {pin} is not a header GPIO (BCM 0-27)");
            }
            else if (config.Display.Enabled && config.Display.I2cBus == 1 && pin is 2 or 3)
            {
                problems.Add($"key '{key}': GPIO {pin} is the display's I²C line (SDA 2, SCL 3)");
            }
        }

        foreach (var group in pins.GroupBy(p => p.Pin).Where(g => g.Count() > 1))
        {
            problems.Add($"key '{group.Skip(1).First().Key}': GPIO {group.Key} is already used by '{group.First().Key}'");
        }
    }

    private static void UnknownKeys(JsonElement element, Type type, string prefix, List<string> unknown)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var properties = type.GetProperties().ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var key = prefix + member.Name;
            if (!properties.TryGetValue(member.Name, out var property))
            {
                unknown.Add(key);
            }
            else if (property.PropertyType.Namespace == typeof(BoxConfig).Namespace)
            {
                UnknownKeys(member.Value, property.PropertyType, key + ".", unknown);
            }
        }
    }

    private static bool IsProfileName(string? name) =>
        name is { Length: >= 1 and <= 12 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Describe(JsonException ex)
    {
        var key = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? null : ex.Path.TrimStart('$', '.');
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"key '{key}': unknown key (see README \"Build the box\" for the keys)";
        }

        return key is null ? $"not valid JSON ({message})" : $"key '{key}': {message}";
    }
}
