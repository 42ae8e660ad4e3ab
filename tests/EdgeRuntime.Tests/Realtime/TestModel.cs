namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>Finds a model folder for process-level tests: $EDGEMETA_TEST_MODEL, else the first models/*/manifest.json in the repo.</summary>
internal static class TestModel
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EDGEMETA_TEST_MODEL") is { Length: > 0 } fromEnv && File.Exists(Path.Combine(fromEnv, "manifest.json")))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeMeta.sln")))
            {
                var models = Path.Combine(dir.FullName, "models");
                return Directory.Exists(models)
                    ? Directory.EnumerateDirectories(models).Order(StringComparer.Ordinal).FirstOrDefault(d => File.Exists(Path.Combine(d, "manifest.json")))
                    : null;
            }
        }

        return null;
    }
}
