using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

public class SamplerTests
{
    // Logits that make the given tokens overwhelmingly likely, in order of preference.
    private static float[] Favouring(params int[] tokens)
    {
        var logits = new float[Vocabulary.Size];
        Array.Fill(logits, -20f);
        for (var i = 0; i < tokens.Length; i++)
        {
            logits[tokens[i]] = 20f - i;
        }

        return logits;
    }

    // The grammar tests run without style steering, which would otherwise read their one-note "primers" as a single-line call.
    private static Sampler Greedy(SamplerSettings? settings = null) => new((settings ?? new SamplerSettings()) with { Temperature = 0, Steering = StyleSteeringSettings.Off });

    [Fact]
    public void Note_off_of_a_silent_pitch_is_never_chosen_even_when_most_likely()
    {
        var sampler = Greedy();
        Assert.Equal(Vocabulary.NoteOn(60), sampler.Sample(Favouring(Vocabulary.NoteOff(60), Vocabulary.NoteOn(60))));
    }

    [Fact]
    public void Note_on_of_a_sounding_pitch_is_masked()
    {
        var sampler = Greedy();
        sampler.Accept(Vocabulary.NoteOn(60));
        Assert.Equal(Vocabulary.NoteOn(64), sampler.Sample(Favouring(Vocabulary.NoteOn(60), Vocabulary.NoteOn(64))));
    }

    [Fact]
    public void Polyphony_limit_masks_every_note_on()
    {
        var sampler = Greedy(new SamplerSettings { MaxPolyphony = 2 });
        sampler.Accept(Vocabulary.NoteOn(60));
        sampler.Accept(Vocabulary.NoteOn(64));

        Assert.False(sampler.IsAllowed(Vocabulary.NoteOn(67)));
        Assert.Equal(Vocabulary.TimeShift(10), sampler.Sample(Favouring(Vocabulary.NoteOn(67), Vocabulary.TimeShift(10))));
    }

    [Fact]
    public void Ringing_out_starts_no_note_but_lets_the_sounding_ones_go_until_reset()
    {
        var sampler = Greedy();
        sampler.Accept(Vocabulary.NoteOn(60));
        sampler.RingingOut = true;

        Assert.False(sampler.IsAllowed(Vocabulary.NoteOn(64)));
        Assert.False(sampler.IsAllowed(Vocabulary.Velocity(20)));
        Assert.True(sampler.IsAllowed(Vocabulary.NoteOff(60)));
        Assert.True(sampler.IsAllowed(Vocabulary.TimeShift(30)));
        // The model's favourite is a new note: it gets the release instead.
        Assert.Equal(Vocabulary.NoteOff(60), sampler.Sample(Favouring(Vocabulary.NoteOn(64), Vocabulary.Velocity(20), Vocabulary.NoteOff(60))));

        sampler.Reset();
        Assert.False(sampler.RingingOut);
        Assert.True(sampler.IsAllowed(Vocabulary.NoteOn(64)));
    }

    [Fact]
    public void Silence_longer_than_the_limit_is_masked()
    {
        var sampler = Greedy(new SamplerSettings { MaxSilenceSeconds = 1.5 });
        sampler.Accept(Vocabulary.TimeShift(100)); // 1 s of silence so far

        Assert.True(sampler.IsAllowed(Vocabulary.TimeShift(50)));
        Assert.False(sampler.IsAllowed(Vocabulary.TimeShift(51)));
        Assert.Equal(Vocabulary.NoteOn(62), sampler.Sample(Favouring(Vocabulary.TimeShift(100), Vocabulary.NoteOn(62))));
    }

    [Fact]
    public void Time_shifts_are_free_while_a_note_sounds()
    {
        var sampler = Greedy(new SamplerSettings { MaxSilenceSeconds = 0.5 });
        sampler.Accept(Vocabulary.NoteOn(60));
        Assert.Equal(Vocabulary.TimeShift(100), sampler.Sample(Favouring(Vocabulary.TimeShift(100))));
    }

    [Fact]
    public void Note_held_too_long_gets_its_note_off_forced()
    {
        var sampler = Greedy(new SamplerSettings { MaxNoteSeconds = 1.0 });
        sampler.Accept(Vocabulary.NoteOn(48));
        sampler.Accept(Vocabulary.TimeShift(60));
        sampler.Accept(Vocabulary.NoteOn(55));
        sampler.Accept(Vocabulary.TimeShift(60)); // 48 held 1.2 s, 55 held 0.6 s

        Assert.Equal(Vocabulary.NoteOff(48), sampler.Sample(Favouring(Vocabulary.TimeShift(100))));
        Assert.Equal(Vocabulary.TimeShift(100), sampler.Sample(Favouring(Vocabulary.TimeShift(100))));
        Assert.Equal(Vocabulary.NoteOff(55), sampler.Sample(Favouring(Vocabulary.TimeShift(100))));
    }

    [Fact]
    public void Pad_and_bos_are_never_chosen_and_eos_only_when_allowed()
    {
        Assert.Equal(Vocabulary.NoteOn(1), Greedy().Sample(Favouring(Vocabulary.Pad, Vocabulary.Bos, Vocabulary.Eos, Vocabulary.NoteOn(1))));
        Assert.Equal(Vocabulary.Eos, Greedy(new SamplerSettings { AllowEos = true }).Sample(Favouring(Vocabulary.Pad, Vocabulary.Bos, Vocabulary.Eos)));
    }

    [Fact]
    public void Two_velocity_tokens_never_follow_each_other()
    {
        var sampler = Greedy();
        Assert.Equal(Vocabulary.Velocity(20), sampler.Sample(Favouring(Vocabulary.Velocity(20), Vocabulary.NoteOn(70))));
        Assert.Equal(Vocabulary.NoteOn(70), sampler.Sample(Favouring(Vocabulary.Velocity(21), Vocabulary.NoteOn(70))));
    }

    [Fact]
    public void Repetition_guard_steers_away_from_a_recent_pitch()
    {
        var sampler = Greedy(new SamplerSettings { RepetitionPenalty = 4f });
        sampler.Accept(Vocabulary.NoteOn(60));
        sampler.Accept(Vocabulary.NoteOff(60));
        var logits = new float[Vocabulary.Size];
        Array.Fill(logits, -50f);
        logits[Vocabulary.NoteOn(60)] = 8f;
        logits[Vocabulary.NoteOn(62)] = 5f;

        Assert.Equal(Vocabulary.NoteOn(62), sampler.Sample(logits));
    }

    [Fact]
    public void Top_k_of_one_is_greedy_whatever_the_seed()
    {
        var logits = Favouring(Vocabulary.NoteOn(40), Vocabulary.NoteOn(41), Vocabulary.NoteOn(42));
        Array.Fill(logits, 0f); // flat except three tokens
        logits[Vocabulary.NoteOn(40)] = 1.0f;
        logits[Vocabulary.NoteOn(41)] = 0.9f;
        for (var seed = 0; seed < 20; seed++)
        {
            var sampler = new Sampler(new SamplerSettings { TopK = 1, Seed = seed });
            Assert.Equal(Vocabulary.NoteOn(40), sampler.Sample((float[])logits.Clone()));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public void Top_k_draws_only_from_the_k_most_likely_and_reaches_them_all(int k)
    {
        var random = new Random(k);
        var logits = new float[Vocabulary.Size];
        for (var t = 0; t < logits.Length; t++)
        {
            logits[t] = (float)random.NextDouble() * 0.5f; // nearly flat, so every kept token gets drawn
        }

        var allowed = Enumerable.Range(0, Vocabulary.Size).Where(t => !Vocabulary.IsNoteOff(t) && !Vocabulary.IsSpecial(t));
        var topK = allowed.OrderByDescending(t => logits[t]).Take(k).ToHashSet();
        var sampler = new Sampler(new SamplerSettings { TopK = k, Seed = 5 });
        var seen = new HashSet<int>();
        for (var i = 0; i < 200 * k; i++)
        {
            sampler.Reset();
            seen.Add(sampler.Sample((float[])logits.Clone()));
        }

        Assert.Subset(topK, seen);
        Assert.Equal(topK.Count, seen.Count);
    }

    [Fact]
    public void Top_p_keeps_only_the_nucleus()
    {
        // Two tokens hold ~all the mass in a 60/40 split; P = 0.5 keeps only the first.
        var logits = new float[Vocabulary.Size];
        Array.Fill(logits, -30f);
        logits[Vocabulary.NoteOn(50)] = MathF.Log(0.6f);
        logits[Vocabulary.NoteOn(52)] = MathF.Log(0.4f);
        var seen = new HashSet<int>();
        var sampler = new Sampler(new SamplerSettings { TopP = 0.5f, Seed = 7 });
        for (var i = 0; i < 50; i++)
        {
            sampler.Reset();
            seen.Add(sampler.Sample((float[])logits.Clone()));
        }

        Assert.Equal([Vocabulary.NoteOn(50)], seen);
    }

    [Fact]
    public void Full_distribution_follows_the_probabilities()
    {
        var logits = new float[Vocabulary.Size];
        Array.Fill(logits, float.NegativeInfinity);
        logits[Vocabulary.NoteOn(50)] = MathF.Log(0.75f);
        logits[Vocabulary.NoteOn(52)] = MathF.Log(0.25f);
        var sampler = new Sampler(new SamplerSettings { Seed = 11 });
        var first = 0;
        for (var i = 0; i < 4000; i++)
        {
            sampler.Reset();
            first += sampler.Sample((float[])logits.Clone()) == Vocabulary.NoteOn(50) ? 1 : 0;
        }

        Assert.InRange(first / 4000.0, 0.72, 0.78);
    }

    [Fact]
    public void Same_seed_gives_the_same_stream()
    {
        static int[] Run(int seed)
        {
            var sampler = new Sampler(new SamplerSettings { Seed = seed });
            var random = new Random(99);
            var tokens = new int[200];
            for (var i = 0; i < tokens.Length; i++)
            {
                var logits = new float[Vocabulary.Size];
                for (var t = 0; t < logits.Length; t++)
                {
                    logits[t] = (float)random.NextDouble();
                }

                tokens[i] = sampler.Sample(logits);
            }

            return tokens;
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(new SamplerSettings { Temperature = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(new SamplerSettings { TopP = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(new SamplerSettings { MaxPolyphony = 0 }));
    }
}
