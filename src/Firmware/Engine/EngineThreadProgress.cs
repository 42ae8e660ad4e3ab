namespace EdgeMeta.Firmware.Engine;

/// <summary>
/// One engine thread as the service watchdog sees it: a counter that moves whenever the thread gets work done,
/// and whether work is waiting for it. A thread with work waiting whose counter stands still is stuck; an idle
/// thread is not, however long it waits.
/// </summary>
/// <param name="Name">Thread name for the journal ("input", "output", "adaptation").</param>
/// <param name="Progress">Moves (any change) when the thread finishes a piece of work.</param>
/// <param name="HasWork">True when the thread has something to do that it has not done yet.</param>
public readonly record struct EngineThreadProgress(string Name, long Progress, bool HasWork);
