using Microsoft.Win32.SafeHandles;

namespace EdgeMeta.EdgeRuntime.Diagnostics;

/// <summary>
/// This process's resident set, read from <c>/proc/self/statm</c> through one handle kept open, into a buffer of its
/// own: what <c>play --stats</c> samples every few seconds. <see cref="Environment.WorkingSet"/> gives the same number
/// but builds a <c>Process</c> and parses <c>/proc/self/stat</c> each time, 3 KB of garbage per sample that a soak
/// counted against the playing session. Elsewhere than Linux it falls back to <see cref="Environment.WorkingSet"/>.
/// Single-threaded.
/// </summary>
internal sealed class ResidentSet : IDisposable
{
    private readonly SafeFileHandle? _statm;
    private readonly byte[] _buffer = new byte[128];

    public ResidentSet()
    {
        try
        {
            _statm = OperatingSystem.IsLinux() ? File.OpenHandle("/proc/self/statm") : null;
        }
        catch (IOException)
        {
            _statm = null;   // no procfs (a container without it): the runtime's number
        }
        catch (UnauthorizedAccessException)
        {
            _statm = null;
        }
    }

    /// <summary>Resident bytes now.</summary>
    public long Bytes()
    {
        if (_statm is null)
        {
            return Environment.WorkingSet;
        }

        // "size resident shared text lib data dt", in pages: the second field.
        var read = RandomAccess.Read(_statm, _buffer, 0);
        var span = _buffer.AsSpan(0, read);
        var space = span.IndexOf((byte)' ');
        long pages = 0;
        for (var i = space + 1; i < span.Length && span[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            pages = (pages * 10) + (span[i] - '0');
        }

        return space < 0 ? Environment.WorkingSet : pages * Environment.SystemPageSize;
    }

    public void Dispose() => _statm?.Dispose();
}
