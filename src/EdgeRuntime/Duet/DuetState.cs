using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// What the listening side hands the answering side, published as one immutable snapshot so an answer never
/// sees half of an update: the adapter to play with, the phrase to answer (primed from its carried state) and
/// the call's length and register.
/// </summary>
/// <param name="Adapter">The adapter an answer starting now uses.</param>
/// <param name="AdapterVersion">0 for the start adapter, then one more per adaptation.</param>
/// <param name="Primer">The performer's last phrase with its features and final state; null before anything was heard.</param>
/// <param name="CallSteps">Length of the call in 10 ms steps (first onset to last release of the last turn).</param>
/// <param name="CallMedianPitch">Median pitch of the call.</param>
/// <param name="Style">The performer's style over the recent phrases, which the answer is steered toward; null before any note.</param>
internal sealed record DuetState(AdapterParameters Adapter, int AdapterVersion, PhraseFeatures? Primer, int CallSteps, int CallMedianPitch, PerformerStyle? Style = null);
