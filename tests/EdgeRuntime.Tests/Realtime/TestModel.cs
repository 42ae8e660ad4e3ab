using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>The model folder for process-level tests: $EDGEMETA_TEST_MODEL, else the shipped models/default.</summary>
internal static class TestModel
{
    public static string Find() =>
        Environment.GetEnvironmentVariable("EDGEMETA_TEST_MODEL") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(TestPaths.RepositoryRoot(), "models", "default");
}
