namespace EdgeMeta.Firmware.Config;

/// <summary>The box's config file is unreadable or has bad values; one line per problem, each naming the key.</summary>
public sealed class BoxConfigException : Exception
{
    public BoxConfigException(string path, IReadOnlyList<string> problems, Exception? inner = null)
        : base($"{path}: " + string.Join(Environment.NewLine + $"{path}: ", problems), inner)
    {
        Path = path;
        Problems = problems;
    }

    /// <summary>The config file.</summary>
    public string Path { get; }

    /// <summary>Each problem as "key 'a.b': what is wrong".</summary>
    public IReadOnlyList<string> Problems { get; }
}
