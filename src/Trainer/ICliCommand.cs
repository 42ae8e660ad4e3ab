using System.CommandLine;

namespace EdgeMeta.Trainer;

/// <summary>
/// One sub-command of <c>edgemeta-train</c>. Program finds every implementation by reflection, so adding a
/// command is adding a file under Commands/. Commands parse and print; library code decides.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command with its options and action.</summary>
    Command Create();
}
