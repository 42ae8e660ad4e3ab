using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// Three adapters that the duet's adaptations take turns to write, so that an adaptation per phrase allocates no new
/// 400 KB adapter. An adapter on the large-object heap per phrase was what started every full collection of an
/// hour's soak. At any moment one adapter is published (the one the next answer takes), one may still be played by
/// the answer under way, and the third is free to write.
/// <para>Threads: <see cref="Free"/> belongs to the listening thread, <see cref="Play"/> to the playing thread. The
/// playing side announces the adapter it takes (a hazard) before it checks that it is still the published one, and
/// the listening side publishes before it reads the announcement, both with full fences. So a free adapter is never
/// one the playing side is using or can still take.</para>
/// </summary>
internal sealed class AdapterRing
{
    private readonly AdapterParameters?[] _adapters = new AdapterParameters?[3];
    private readonly AdapterParameters _shape;
    private DuetState? _playing;

    /// <summary>A ring of adapters shaped like <paramref name="shape"/>, made when first needed (a duet that adapts
    /// once, as the evaluation's and <c>adapt</c>'s do, makes one).</summary>
    public AdapterRing(AdapterParameters shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = shape;
    }

    /// <summary>Makes all three adapters now (at model load, so that playing does not allocate them).</summary>
    public void MakeAll()
    {
        for (var i = 0; i < _adapters.Length; i++)
        {
            _adapters[i] ??= new AdapterParameters(_shape.VocabularySize, _shape.FeatureSize, _shape.Rank);
        }
    }

    /// <summary>
    /// The playing thread's side: takes the state <paramref name="published"/> gives (its adapter and its primer),
    /// re-reading it until the taken one is still the published one, and returns the state it took.
    /// </summary>
    public DuetState Play(ref DuetState published)
    {
        while (true)
        {
            var state = Volatile.Read(ref published);
            Interlocked.Exchange(ref _playing, state);   // announce, with a full fence, then check
            if (ReferenceEquals(Volatile.Read(ref published), state))
            {
                return state;
            }
        }
    }

    /// <summary>
    /// The state the playing side announced last (its adapter and primer may still be read by it), or null before the
    /// first answer. The listening side reads it after publishing with a full fence: a state published before this read
    /// and not announced here is one the playing side can no longer take (it re-checks after announcing).
    /// </summary>
    public DuetState? Playing => Volatile.Read(ref _playing);

    /// <summary>
    /// The listening thread's side: an adapter that is neither <paramref name="published"/> nor the one the playing
    /// side announced, to be overwritten by the next adaptation. Call it after the previous adaptation was published
    /// (with a full fence: <see cref="Interlocked.Exchange{T}(ref T, T)"/>).
    /// </summary>
    public AdapterParameters Free(AdapterParameters published)
    {
        var playing = Volatile.Read(ref _playing)?.Adapter;
        for (var i = 0; i < _adapters.Length; i++)
        {
            var adapter = _adapters[i] ??= new AdapterParameters(_shape.VocabularySize, _shape.FeatureSize, _shape.Rank);
            if (!ReferenceEquals(adapter, published) && !ReferenceEquals(adapter, playing))
            {
                return adapter;
            }
        }

        throw new InvalidOperationException("Three adapters and at most two in use: one is always free.");
    }
}
