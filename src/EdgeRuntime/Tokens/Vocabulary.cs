namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// The performance-event vocabulary of Performance RNN (Oore et al. 2018) plus three special tokens.
/// Layout (token ids):
///   0-127   NOTE_ON(pitch)
///   128-255 NOTE_OFF(pitch)
///   256-355 TIME_SHIFT(1..100 steps of 10 ms)
///   356-387 VELOCITY(bin 0..31), bin b stands for velocities 4b..4b+3 (bin 0 = 1..3)
///   388     PAD, 389 BOS (start of phrase), 390 EOS (end of phrase)
/// The id of this layout is written into every exported model so a device refuses a mismatch.
/// </summary>
public static class Vocabulary
{
    /// <summary>Identifier stored in manifests and adapter metadata.</summary>
    public const string Id = "performance-v1";

    public const int NoteOnOffset = 0;
    public const int NoteOffOffset = 128;
    public const int TimeShiftOffset = 256;
    public const int TimeShiftSteps = 100;
    /// <summary>Length of one TIME_SHIFT step in seconds.</summary>
    public const double TimeStepSeconds = 0.010;
    public const int VelocityOffset = 356;
    public const int VelocityBins = 32;
    public const int Pad = 388;
    public const int Bos = 389;
    public const int Eos = 390;
    /// <summary>Number of token ids, including specials.</summary>
    public const int Size = 391;

    public static int NoteOn(int pitch) => NoteOnOffset + pitch;
    public static int NoteOff(int pitch) => NoteOffOffset + pitch;
    /// <summary>TIME_SHIFT of <paramref name="steps"/> x 10 ms, 1 &lt;= steps &lt;= 100.</summary>
    public static int TimeShift(int steps) => TimeShiftOffset + steps - 1;
    public static int Velocity(int bin) => VelocityOffset + bin;

    public static bool IsNoteOn(int token) => token is >= NoteOnOffset and < NoteOffOffset;
    public static bool IsNoteOff(int token) => token is >= NoteOffOffset and < TimeShiftOffset;
    public static bool IsTimeShift(int token) => token is >= TimeShiftOffset and < VelocityOffset;
    public static bool IsVelocity(int token) => token is >= VelocityOffset and < Pad;
    public static bool IsSpecial(int token) => token is >= Pad and < Size;

    /// <summary>Pitch of a NOTE_ON or NOTE_OFF token.</summary>
    public static int PitchOf(int token) => IsNoteOn(token) ? token - NoteOnOffset : token - NoteOffOffset;
    /// <summary>Number of 10 ms steps of a TIME_SHIFT token.</summary>
    public static int StepsOf(int token) => token - TimeShiftOffset + 1;
    public static int VelocityBinOf(int token) => token - VelocityOffset;

    /// <summary>Velocity bin for a MIDI velocity 1-127.</summary>
    public static int BinOfVelocity(int velocity) => Math.Clamp(velocity, 0, 127) / 4;
    /// <summary>Representative MIDI velocity of a bin (its middle, never 0).</summary>
    public static int VelocityOfBin(int bin) => Math.Max(1, bin * 4 + 2);

    /// <summary>Readable name, e.g. "NOTE_ON(60)", "TIME_SHIFT(250ms)".</summary>
    public static string Describe(int token) => token switch
    {
        _ when IsNoteOn(token) => $"NOTE_ON({PitchOf(token)})",
        _ when IsNoteOff(token) => $"NOTE_OFF({PitchOf(token)})",
        _ when IsTimeShift(token) => $"TIME_SHIFT({StepsOf(token) * 10}ms)",
        _ when IsVelocity(token) => $"VELOCITY({VelocityBinOf(token)})",
        Pad => "PAD",
        Bos => "BOS",
        Eos => "EOS",
        _ => $"INVALID({token})",
    };
}
