using System.CommandLine;

namespace EdgeMeta.EdgeRuntime.Cli;

/// <summary>
/// One sub-command of <c>edgemeta</c> or <c>edgemeta-train</c> (this file is compiled into both). Program finds every implementation by reflection, so adding a
/// command is adding a file under Commands/. Commands parse and print; library code decides.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command with its options and action.</summary>
    Command Create();
}
