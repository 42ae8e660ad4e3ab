namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The garbage of loading a model (files read, sessions built, code compiled, buffers sized) is collected once,
/// before the engine listens. Left to the runtime, it filled the large-object budget within the first phrases and a
/// background full collection stopped the playing threads then (soak: gen 2, AllocLarge, 20 s into play, 1.8 ms).
/// A blocking collection here costs milliseconds while nothing is playing.
/// </summary>
public static class LoadGarbage
{
    /// <summary>Collects every generation now, blocking and compacting. Call it after a model is loaded and before listening.</summary>
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
}
