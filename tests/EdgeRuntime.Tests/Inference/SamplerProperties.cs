using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

/// <summary>
/// Whatever the logits, a sampled stream obeys the grammar. An independent tracker replays each stream
/// and checks it, so a bug in the sampler's own bookkeeping cannot hide itself.
/// </summary>
public sealed class SamplerProperties
{
    private const int StreamLength = 400;

    private static Gen<(int Seed, int Polyphony, int SilenceSteps, float Temperature, int TopK)> Cases() =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from polyphony in Gen.Choose(1, 6)
        from silenceSteps in Gen.Choose(0, 300)
        from temperature in Gen.Elements(0f, 0.5f, 1f, 2f)
        from topK in Gen.Elements(0, 1, 5, 40)
        select (seed, polyphony, silenceSteps, temperature, topK);

    // Random logits that lean toward NOTE_ON and NOTE_OFF (so the limits are reached often) and
    // toward the tokens the grammar forbids (so masking is what stops them).
    private static int[] Stream((int Seed, int Polyphony, int SilenceSteps, float Temperature, int TopK) c, out SamplerSettings settings)
    {
        settings = new SamplerSettings
        {
            Seed = c.Seed,
            MaxPolyphony = c.Polyphony,
            MaxSilenceSeconds = c.SilenceSteps * Vocabulary.TimeStepSeconds,
            Temperature = c.Temperature,
            TopK = c.TopK,
            MaxNoteSeconds = 2.0,
        };
        var sampler = new Sampler(settings);
        var random = new Random(c.Seed);
        var logits = new float[Vocabulary.Size];
        var tokens = new int[StreamLength];
        for (var i = 0; i < tokens.Length; i++)
        {
            for (var t = 0; t < logits.Length; t++)
            {
                var bias = Vocabulary.IsNoteOn(t) || Vocabulary.IsNoteOff(t) || Vocabulary.IsSpecial(t) ? 2.0 : 0.0;
                logits[t] = (float)((random.NextDouble() * 4) - 2 + bias);
            }

            tokens[i] = sampler.Sample(logits);
        }

        return tokens;
    }

    [Property(MaxTest = 60)]
    public Property Sampled_streams_never_note_off_a_silent_pitch_nor_restart_a_sounding_one() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var sounding = new bool[128];
            foreach (var token in Stream(c, out _))
            {
                if (Vocabulary.IsNoteOff(token) && !sounding[Vocabulary.PitchOf(token)])
                {
                    return false;
                }

                if (Vocabulary.IsNoteOn(token) && sounding[Vocabulary.PitchOf(token)])
                {
                    return false;
                }

                if (Vocabulary.IsNoteOn(token) || Vocabulary.IsNoteOff(token))
                {
                    sounding[Vocabulary.PitchOf(token)] = Vocabulary.IsNoteOn(token);
                }
            }

            return true;
        });

    [Property(MaxTest = 60)]
    public Property Polyphony_silence_and_note_length_stay_bounded_and_no_special_tokens_appear() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var tokens = Stream(c, out var settings);
            var onset = new double?[128];
            int count = 0, maxCount = 0;
            double now = 0, silence = 0, maxSilence = 0, longest = 0;
            foreach (var token in tokens)
            {
                if (Vocabulary.IsSpecial(token))
                {
                    return false.Label($"special token {Vocabulary.Describe(token)}");
                }

                if (Vocabulary.IsNoteOn(token))
                {
                    onset[Vocabulary.PitchOf(token)] = now;
                    maxCount = Math.Max(maxCount, ++count);
                    silence = 0;
                }
                else if (Vocabulary.IsNoteOff(token))
                {
                    longest = Math.Max(longest, now - onset[Vocabulary.PitchOf(token)]!.Value);
                    onset[Vocabulary.PitchOf(token)] = null;
                    count--;
                }
                else if (Vocabulary.IsTimeShift(token))
                {
                    now += Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
                    silence += count == 0 ? Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds : 0;
                    maxSilence = Math.Max(maxSilence, silence);
                }
            }

            // A forced NOTE_OFF comes at the first event after the limit; one TIME_SHIFT (<= 1 s) may overshoot it.
            return (maxCount <= settings.MaxPolyphony).Label($"polyphony {maxCount}")
                .And((maxSilence <= settings.MaxSilenceSeconds + 1e-6).Label($"silence {maxSilence}"))
                .And((longest <= settings.MaxNoteSeconds + 1.0 + 1e-6).Label($"note length {longest}"));
        });
}
