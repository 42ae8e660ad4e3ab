namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The lookahead between the generator thread (single producer) and the output thread (single consumer):
/// a pre-allocated ring of <see cref="ScheduledEvent"/>s with lock-free indices, so neither side allocates
/// or blocks the other. The producer sees a full ring and waits: that is how far generation runs ahead.
/// </summary>
public sealed class LookaheadBuffer
{
    private readonly ScheduledEvent[] _ring;
    private readonly int _mask;
    private long _head;  // next slot to read (consumer)
    private long _tail;  // next slot to write (producer)

    /// <summary>Creates a ring of <paramref name="capacity"/> events (rounded up to a power of two).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Capacity below 2.</exception>
    public LookaheadBuffer(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _ring = new ScheduledEvent[size];
        _mask = size - 1;
    }

    public int Capacity => _ring.Length;

    /// <summary>Events waiting.</summary>
    public int Count => (int)(Volatile.Read(ref _tail) - Volatile.Read(ref _head));

    /// <summary>Producer: adds an event; false when the ring is full.</summary>
    public bool TryWrite(in ScheduledEvent item)
    {
        var tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _ring.Length)
        {
            return false;
        }

        _ring[tail & _mask] = item;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>Consumer: the oldest event without removing it.</summary>
    public bool TryPeek(out ScheduledEvent item)
    {
        var head = _head;
        if (head == Volatile.Read(ref _tail))
        {
            item = default;
            return false;
        }

        item = _ring[head & _mask];
        return true;
    }

    /// <summary>Consumer: removes the oldest event (after <see cref="TryPeek"/> returned it).</summary>
    public void Advance() => Volatile.Write(ref _head, _head + 1);
}
