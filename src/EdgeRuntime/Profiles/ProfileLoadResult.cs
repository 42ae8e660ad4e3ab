using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>What <see cref="ProfileStore.Get(string, string, EdgeMeta.EdgeRuntime.Adaptation.AdapterParameters, EdgeMeta.EdgeRuntime.Adaptation.InnerLoopSettings)"/> found.</summary>
/// <param name="Profile">The stored profile, or a fresh one from the meta-learned init.</param>
/// <param name="IsNew">True when no usable profile was stored (absent or corrupt).</param>
/// <param name="Warning">Set when a corrupt profile was moved aside; says which file and where it went.</param>
public sealed record ProfileLoadResult(PerformerProfile Profile, bool IsNew, string? Warning)
{
    /// <summary>
    /// Where adaptation starts, in words for a start message: "profile ana (3 earlier sessions)", or
    /// "meta-learned init (new profile ana)", or "meta-learned init (profile ana was corrupt and set aside)".
    /// Never claims a profile that was not loaded.
    /// </summary>
    public string StartDescription
    {
        get
        {
            var name = Profile.Info.Name;
            if (!IsNew)
            {
                return string.Create(CultureInfo.InvariantCulture, $"profile {name} ({Profile.Info.Sessions} earlier session(s))");
            }

            return Warning is null
                ? $"meta-learned init (new profile {name})"
                : $"meta-learned init (profile {name} was corrupt and set aside)";
        }
    }
}
