using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>
/// A performer's adapter, the start point of every adaptation to them, plus its bookkeeping.
/// The first profile of a performer is the model's meta-learned init.
/// </summary>
/// <param name="Info">Name, model id, dates and counters.</param>
/// <param name="Adapter">The profile's adapter weights.</param>
/// <param name="InnerLoop">Inner-loop settings (the model's; stored in the profile file's metadata).</param>
public sealed record PerformerProfile(PerformerProfileInfo Info, AdapterParameters Adapter, InnerLoopSettings InnerLoop)
{
    /// <summary>A fresh profile: a copy of the meta-learned init, nothing heard yet.</summary>
    public static PerformerProfile FromInit(string name, string modelId, AdapterParameters init, InnerLoopSettings innerLoop, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(init);
        ProfileStore.CheckName(name);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        return new PerformerProfile(new PerformerProfileInfo(name, modelId, now, now, 0, 0), init.Clone(), innerLoop);
    }

    /// <summary>
    /// Folds one session in by online Reptile: adapter ← adapter + ε (adapted − adapter), with
    /// ε = <see cref="InnerLoopSettings.ReptileEpsilon"/>; counts the phrases and the session.
    /// </summary>
    /// <exception cref="ArgumentException">The adapted parameters have another shape.</exception>
    public PerformerProfile AfterSession(AdapterParameters adapted, int phraseCount, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phraseCount);
        var moved = OnlineReptile.Update(Adapter, adapted, InnerLoop.ReptileEpsilon);
        var info = Info with { Updated = now, PhrasesSeen = Info.PhrasesSeen + phraseCount, Sessions = Info.Sessions + 1 };
        return new PerformerProfile(info, moved, InnerLoop);
    }
}
