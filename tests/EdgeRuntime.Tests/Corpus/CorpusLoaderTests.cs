using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Corpus;

public sealed class CorpusLoaderTests : IDisposable
{
    private readonly TempCorpus _corpus = new();
    private int _filesRead;

    public void Dispose() => _corpus.Dispose();

    [Fact]
    public void Each_file_becomes_a_task_and_its_sub_folder_its_family()
    {
        _corpus.AddTune("jigs/a.mid", 60);
        _corpus.AddTune("jigs/b.MIDI", 62);
        _corpus.AddTune("reels/deep/c.mid", 64);
        _corpus.AddTune("loose.mid", 66);
        _corpus.AddBytes("notes.txt", "not midi"u8.ToArray());

        var result = Load();

        Assert.Equal(4, result.FilesTotal);
        Assert.Equal(["jigs/a.mid", "jigs/b.MIDI", "loose.mid", "reels/deep/c.mid"], result.Tasks.Select(t => t.Name));
        Assert.Equal(["jigs", "jigs", "folk", "reels"], result.Tasks.Select(t => t.Family));
        Assert.All(result.Tasks, t => Assert.NotEmpty(t.Phrases));
        Assert.Equal(1.0, result.ParseRate);
    }

    [Fact]
    public void A_corrupt_file_is_reported_with_its_reason_and_skipped()
    {
        _corpus.AddTune("jigs/good.mid", 60);
        _corpus.AddBytes("jigs/garbage.mid", [.. "MThd"u8, 0, 0, 0, 6, 0, 1, 0, 1, 1, 0xE0, .. "MTrk"u8, 0, 0, 0x7F, 0xFF, 0x90]);

        var result = Load();

        Assert.Single(result.Tasks);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("jigs/garbage.mid", failure.Path);
        Assert.Contains("garbage.mid", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0.5, result.ParseRate);
    }

    [Fact]
    public void The_second_load_reads_the_cache_instead_of_the_files()
    {
        _corpus.AddTune("jigs/a.mid", 60);
        _corpus.AddTune("reels/b.mid", 62);
        _corpus.AddBytes("reels/broken.mid", [1, 2, 3]);

        var first = Load();
        var readsAfterFirst = _filesRead;
        var second = Load();

        Assert.Equal(3, readsAfterFirst);
        Assert.Equal(readsAfterFirst, _filesRead);
        Assert.Equal((0, 3), (second.FilesParsed, second.FilesFromCache));
        Assert.Equal(first.Tasks.SelectMany(t => t.Phrases).SelectMany(p => p.Tokens), second.Tasks.SelectMany(t => t.Phrases).SelectMany(p => p.Tokens));
        Assert.Equal(first.Failures, second.Failures);
        Assert.StartsWith(_corpus.CacheFolder, second.CachePath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_file_is_parsed_again_and_the_others_come_from_the_cache()
    {
        _corpus.AddTune("jigs/a.mid", 60);
        var changed = _corpus.AddTune("jigs/b.mid", 62);
        Load();

        _corpus.AddTune("jigs/b.mid", 70, count: 60);
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        var second = Load();

        Assert.Equal((1, 1), (second.FilesParsed, second.FilesFromCache));
        Assert.Contains(second.Tasks.Single(t => t.Name == "jigs/b.mid").Phrases[0].Tokens, t => t == Vocabulary.NoteOn(70));
    }

    [Fact]
    public void A_corrupt_cache_is_ignored_and_rebuilt()
    {
        _corpus.AddTune("jigs/a.mid", 60);
        var first = Load();
        var bytes = File.ReadAllBytes(first.CachePath!);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(first.CachePath!, bytes);

        var second = Load();
        var third = Load();

        Assert.Equal(1, second.FilesParsed);
        Assert.Contains("ignored the token cache", second.CacheProblem, StringComparison.Ordinal);
        Assert.Equal(1, third.FilesFromCache);
        Assert.Null(third.CacheProblem);
    }

    [Fact]
    public void The_cache_goes_to_the_cache_folder_never_into_the_corpus()
    {
        _corpus.AddTune("jigs/a.mid", 60);
        var before = Directory.GetFileSystemEntries(_corpus.Root);

        var first = Load();
        var second = Load();

        Assert.StartsWith(_corpus.CacheFolder, first.CachePath, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_corpus.Root));
        Assert.Equal(1, second.FilesFromCache);
        Assert.Equal(first.CachePath, second.CachePath);
    }

    [Fact]
    public void A_missing_folder_is_refused_by_name()
    {
        var missing = Path.Combine(_corpus.Root, "nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => CorpusLoader.Load(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_reaches_the_file_count()
    {
        _corpus.AddTune("a.mid", 60);
        _corpus.AddTune("b.mid", 62);
        var reports = new List<CorpusLoadProgress>();

        CorpusLoader.Load(_corpus.Root, Options(), new SynchronousProgress(reports), CountingReader, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.Contains(new CorpusLoadProgress(2, 2), reports);
    }

    private CorpusLoadResult Load() => CorpusLoader.Load(_corpus.Root, Options(), null, CountingReader, CancellationToken.None);

    private CorpusOptions Options() => new() { CacheDirectory = _corpus.CacheFolder };

    private IReadOnlyList<Note> CountingReader(string path)
    {
        Interlocked.Increment(ref _filesRead);
        return MidiFile.Read(path).ToNotes();
    }

    private sealed class SynchronousProgress(List<CorpusLoadProgress> reports) : IProgress<CorpusLoadProgress>
    {
        public void Report(CorpusLoadProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
