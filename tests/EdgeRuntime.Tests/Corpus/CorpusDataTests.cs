using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Tests.Shared;
using Xunit.Abstractions;

namespace EdgeMeta.EdgeRuntime.Tests.Corpus;

/// <summary>
/// The loader on the real chorales in ../shared/data/jsb (or $EDGEMETA_DATA/jsb). The corpora are read-only,
/// so the cache must land in the fallback folder. Skips with a message when the data is absent.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusDataTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), $"edgemeta-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [SkippableFact]
    public void Jsb_chorales_load_as_tasks_with_the_cache_outside_the_read_only_corpus()
    {
        var folder = TestPaths.DataFolder("jsb");
        Skip.If(folder is null, "corpus jsb not found (set EDGEMETA_DATA)");

        var before = Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Length;
        var options = new CorpusOptions { CacheDirectory = _cache };

        var first = CorpusLoader.Load(folder, options);
        var second = CorpusLoader.Load(folder, options);

        output.WriteLine($"jsb: {first.Tasks.Count} tasks, {first.Tasks.Sum(t => t.Phrases.Count)} phrases, {first.Failures.Count} failures, {first.Elapsed.TotalSeconds:0.00} s then {second.Elapsed.TotalSeconds:0.00} s");
        Assert.True(first.ParseRate >= 0.99, $"parse rate {first.ParseRate:P1}; first failure: {first.Failures.FirstOrDefault()}");
        Assert.True(first.Tasks.Count >= 370);
        Assert.Equal(["test", "train", "valid"], first.Tasks.Select(t => t.Family).Distinct().Order());
        Assert.StartsWith(_cache, first.CachePath, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Length);
        Assert.Equal(first.FilesTotal, second.FilesFromCache);
    }
}
