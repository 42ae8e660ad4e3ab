namespace EdgeMeta.Fuzz;

/// <summary>
/// One fuzzed reader: a name for scripts/fuzz.sh, the code that reads the bytes, and the exceptions that mean
/// "bad input, refused clearly". Any other exception, a hang or a crash is a finding.
/// </summary>
/// <param name="Name">Target name on the command line (smf, live, safetensors, manifest, profile).</param>
/// <param name="Read">Reads one input the way the device would.</param>
/// <param name="Refusals">Exception types that are the reader's documented way to refuse bad input.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Read, params Type[] Refusals)
{
    /// <summary>Runs one input; returns when it was read or refused as documented, and lets any other exception out (a finding).</summary>
    public void Run(byte[] input)
    {
        try
        {
            Read(input);
        }
        catch (Exception ex) when (Refusals.Any(t => t.IsInstanceOfType(ex)))
        {
            // A clear refusal is the correct answer to most fuzzed inputs.
        }
    }
}
