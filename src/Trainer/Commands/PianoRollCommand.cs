using System.CommandLine;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.Trainer.Plots;

namespace EdgeMeta.Trainer.Commands;

/// <summary><c>edgemeta-train pianoroll --call IN.mid --response OUT.mid --out roll.png</c>: a picture of a call and its answer.</summary>
internal sealed class PianoRollCommand : ICliCommand
{
    public Command Create()
    {
        var call = new Option<string>("--call") { Description = "The performer's MIDI file.", Required = true };
        var response = new Option<string>("--response") { Description = "The response MIDI file.", Required = true };
        var output = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var lastPhrase = new Option<double?>("--call-seconds") { Description = "Draw only the last N seconds of the call (the phrase being answered)." };
        var command = new Command("pianoroll", "Draw a call and its response as a piano roll (PNG).") { call, response, output, lastPhrase };
        command.SetAction(parse =>
        {
            var callNotes = MidiFile.Read(parse.GetValue(call)!).ToNotes();
            var responseNotes = MidiFile.Read(parse.GetValue(response)!).ToNotes();
            if (parse.GetValue(lastPhrase) is { } seconds && callNotes.Count > 0)
            {
                var end = callNotes.Max(n => n.End);
                callNotes = callNotes.Where(n => n.Start >= end - seconds).ToArray();
            }

            var path = parse.GetValue(output)!;
            PianoRoll.Save(callNotes, responseNotes, path);
            Console.WriteLine($"piano roll: {path} ({callNotes.Count} call notes, {responseNotes.Count} response notes)");
            return 0;
        });
        return command;
    }
}
