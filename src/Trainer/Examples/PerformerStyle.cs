using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.Trainer.Examples;

/// <summary>
/// A made-up performer: a name, a file name, and a composer that plays a few phrases in one
/// recognisable style. The examples are written by the project in code (not taken from any
/// corpus) so a newcomer has something to feed <c>edgemeta respond</c> without a keyboard.
/// </summary>
/// <param name="Name">Short style name, e.g. "folk-jig".</param>
/// <param name="Description">One line for humans: what the phrases sound like.</param>
/// <param name="Compose">Builds the notes of all phrases from a seeded random source (for humanising).</param>
public sealed record PerformerStyle(string Name, string Description, Func<Random, IReadOnlyList<Note>> Compose);
