namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Collects the young generations when a phrase ends, on the engine's control thread, once the playing since the
/// last such collection allocated at least <see cref="MinAllocatedBytes"/>. Left to the runtime, a collection starts
/// whenever an allocation finds the young budget spent: on the adaptation or listening thread at normal priority,
/// where every scheduled process on the board can preempt it while every managed thread, the SCHED_FIFO output
/// thread among them, stands still (a soak of play beside a build: one young collection, 4.7 ms stopped). At the
/// phrase's end nothing is playing (the performer just stopped; the answer waits for the response delay), the
/// control thread runs at SCHED_FIFO so nothing else on the board preempts the collection, and the garbage of a turn
/// is young: collecting it here costs a fraction of a millisecond and leaves the budget fresh for the next turn, so
/// the runtime's own collections should not come at all.
/// </summary>
internal sealed class PhraseEndCollector
{
    /// <summary>A turn allocates about half a megabyte (its snapshots, phrases and features); the young budget is several times that.</summary>
    public const long MinAllocatedBytes = 1L << 20;

    private readonly Func<long> _allocated;
    private long _allocatedAtLast;

    /// <summary>A collector reading the process's allocated bytes from <paramref name="allocated"/> (tests); null = the runtime's count.</summary>
    public PhraseEndCollector(Func<long>? allocated = null)
    {
        _allocated = allocated ?? (static () => GC.GetTotalAllocatedBytes());
        _allocatedAtLast = _allocated();
    }

    /// <summary>Collections made so far.</summary>
    public int Collections { get; private set; }

    /// <summary>Collects generations 0 and 1 (blocking, not compacting the old ones) when enough was allocated since the last one.</summary>
    public bool CollectIfDue()
    {
        var allocated = _allocated();
        if (allocated - _allocatedAtLast < MinAllocatedBytes)
        {
            return false;
        }

        GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
        _allocatedAtLast = _allocated();
        Collections++;
        return true;
    }
}
