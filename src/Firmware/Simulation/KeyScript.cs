using System.Globalization;
using EdgeMeta.Firmware.Box;

namespace EdgeMeta.Firmware.Simulation;

/// <summary>
/// The simulator's scripted keys for runs with no terminal: <c>"learn@1,play@12,knob+3@14,stop@30"</c>. Names:
/// learn, play, stop (= play), panic (hold play), clear, clear-hold, knob (push), knob+N / knob-N (turn),
/// push+N / push-N (push and turn), png (write --frame-png), quit; times in seconds after start.
/// </summary>
public static class KeyScript
{
    /// <summary>Parses a script, sorted by time.</summary>
    /// <exception cref="ArgumentException">A step is not NAME@SECONDS or names an unknown key (the message quotes it).</exception>
    public static IReadOnlyList<ScriptedKey> Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var keys = new List<ScriptedKey>();
        foreach (var step in script.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = step.LastIndexOf('@');
            if (at <= 0 || !double.TryParse(step[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
            {
                throw new ArgumentException($"--keys '{step}': expected NAME@SECONDS, e.g. learn@1.5");
            }

            keys.Add(Step(step[..at], TimeSpan.FromSeconds(seconds), step));
        }

        return [.. keys.OrderBy(k => k.At)];
    }

    private static ScriptedKey Step(string name, TimeSpan at, string step)
    {
        ScriptedKey Gesture(BoxControl control, int steps = 0, bool pushed = false) => new(at, new BoxControlEvent(control, steps, pushed));
        switch (name)
        {
            case "learn": return Gesture(BoxControl.LearnPress);
            case "play" or "stop": return Gesture(BoxControl.PlayPress);
            case "panic": return Gesture(BoxControl.PlayHold);
            case "clear": return Gesture(BoxControl.ClearPress);
            case "clear-hold": return Gesture(BoxControl.ClearHold);
            case "knob": return Gesture(BoxControl.KnobPress);
            case "png" or "quit": return new ScriptedKey(at, null, name);
        }

        foreach (var (prefix, pushed) in new[] { ("knob", false), ("push", true) })
        {
            if (name.Length > prefix.Length + 1 && name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] is '+' or '-'
                && int.TryParse(name[prefix.Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var steps))
            {
                return Gesture(BoxControl.KnobTurn, steps, pushed);
            }
        }

        throw new ArgumentException($"--keys '{step}': unknown key '{name}' (learn, play, stop, panic, clear, clear-hold, knob, knob+N, knob-N, push+N, push-N, png, quit)");
    }
}
