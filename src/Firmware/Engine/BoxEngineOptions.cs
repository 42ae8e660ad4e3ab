using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.Firmware.Engine;

/// <summary>What <see cref="RuntimeBoxEngine"/> needs to know: where the model, the ports and the profiles are.</summary>
/// <param name="ModelFolder">Model folder (backbone.onnx, adapter.safetensors, manifest.json).</param>
/// <param name="Input">MIDI input spec, as for <c>edgemeta play --in</c>.</param>
/// <param name="Output">MIDI output spec, as for <c>edgemeta play --out</c>.</param>
/// <param name="ProfilesRoot">Folder of performer profiles.</param>
/// <param name="Profiles">The profiles of the menu (1-8 names); the first is used at power-on.</param>
/// <param name="Engine">Capture, timing and installation-mode settings; mode, temperature and length are set by the box.</param>
/// <param name="SaveSessions">Fold each session into the profile when listening stops (off for installations, whose visitors are strangers).</param>
/// <param name="Seed">Sampler seed, for reproducible answers; null draws one.</param>
public sealed record BoxEngineOptions(
    string ModelFolder,
    string Input,
    string Output,
    string ProfilesRoot,
    IReadOnlyList<string> Profiles,
    EngineSettings Engine,
    bool SaveSessions = true,
    int? Seed = null);
