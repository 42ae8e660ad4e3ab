using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>
/// Finds ALSA raw MIDI devices from /proc/asound (card ids and names, per-device names) and the device
/// nodes in /dev/snd (falling back to /sys/class/sound for nodes udev has not created). Roots are
/// parameters so tests can build a fake /proc tree.
/// </summary>
public static partial class AlsaRawMidiDiscovery
{
    /// <summary>Every raw MIDI device present now, ordered by card and device.</summary>
    public static IReadOnlyList<AlsaMidiDevice> List(string procRoot = "/proc/asound", string devRoot = "/dev/snd", string sysRoot = "/sys/class/sound")
    {
        var cards = ReadCards(Path.Combine(procRoot, "cards"));
        var found = new SortedDictionary<(int Card, int Device), AlsaMidiDevice>();
        foreach (var (card, (id, name)) in cards)
        {
            var cardDir = Path.Combine(procRoot, $"card{card}");
            if (!Directory.Exists(cardDir))
            {
                continue;
            }

            foreach (var midiFile in Directory.EnumerateFiles(cardDir, "midi*"))
            {
                if (!int.TryParse(Path.GetFileName(midiFile).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var device))
                {
                    continue;
                }

                var portName = SafeFirstLine(midiFile) ?? name;
                found[(card, device)] = new AlsaMidiDevice(card, device, id, name, portName, Path.Combine(devRoot, $"midiC{card}D{device}"));
            }
        }

        // Nodes the kernel exports without a /proc entry we could read (restricted containers).
        foreach (var root in new[] { devRoot, sysRoot })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(root, "midiC*D*"))
            {
                var match = NodeName().Match(Path.GetFileName(entry));
                if (!match.Success)
                {
                    continue;
                }

                var card = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                var device = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                if (!found.ContainsKey((card, device)))
                {
                    var (id, name) = cards.TryGetValue(card, out var c) ? c : ($"card{card}", $"card {card}");
                    found[(card, device)] = new AlsaMidiDevice(card, device, id, name, name, Path.Combine(devRoot, $"midiC{card}D{device}"));
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// Resolves "hw:1,0", a card id ("mio"), a card or port name, or "name,1" (device 1 of that card) to a
    /// device present now; null when none matches. Names match case-insensitively, so a replugged device that
    /// comes back as another card number is found again.
    /// </summary>
    public static AlsaMidiDevice? Find(string what, IReadOnlyList<AlsaMidiDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(devices);
        var hw = HardwareAddress().Match(what);
        if (hw.Success)
        {
            var card = int.Parse(hw.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var device = hw.Groups[2].Success ? int.Parse(hw.Groups[2].ValueSpan, CultureInfo.InvariantCulture) : 0;
            return devices.FirstOrDefault(d => d.Card == card && d.Device == device);
        }

        var name = what;
        var wantedDevice = -1;
        var comma = what.LastIndexOf(',');
        if (comma > 0 && int.TryParse(what.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var dev))
        {
            name = what[..comma];
            wantedDevice = dev;
        }

        return devices.FirstOrDefault(d =>
            (wantedDevice < 0 || d.Device == wantedDevice) &&
            (d.CardId.Equals(name, StringComparison.OrdinalIgnoreCase) ||
             d.CardName.Equals(name, StringComparison.OrdinalIgnoreCase) ||
             d.PortName.Equals(name, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Parses /proc/asound/cards: " 1 [mio            ]: USB-Audio - iConnectivity mio".</summary>
    internal static Dictionary<int, (string Id, string Name)> ReadCards(string cardsFile)
    {
        var cards = new Dictionary<int, (string, string)>();
        if (!File.Exists(cardsFile))
        {
            return cards;
        }

        foreach (var line in File.ReadLines(cardsFile))
        {
            var match = CardLine().Match(line);
            if (match.Success)
            {
                var card = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                cards[card] = (match.Groups[2].Value.Trim(), match.Groups[3].Value.Trim());
            }
        }

        return cards;
    }

    private static string? SafeFirstLine(string file)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\s*(\d+)\s+\[([^\]]*)\]:\s*\S+\s+-\s+(.*)$")]
    private static partial Regex CardLine();

    [GeneratedRegex(@"^midiC(\d+)D(\d+)$")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^hw:(\d+)(?:,(\d+))?$")]
    private static partial Regex HardwareAddress();
}
