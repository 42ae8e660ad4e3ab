using System.Text.Json;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary>
/// The settings of src/EdgeRuntime/DeviceRuntime.props reach the runtime configuration `edgemeta` starts with
/// (the flood's memory bound depends on them; README, Floods).
/// </summary>
public sealed class DeviceRuntimeConfigTests
{
    [Fact]
    public void Edgemeta_starts_with_the_garbage_collector_conserving_memory()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "edgemeta.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.GC.ConserveMemory", out var level), $"{path} has no System.GC.ConserveMemory");
        Assert.Equal(9, level.GetInt32());
    }
}
