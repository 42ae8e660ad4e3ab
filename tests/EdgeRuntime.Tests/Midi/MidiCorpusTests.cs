using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.Tests.Shared;
using Xunit.Abstractions;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>
/// The strict reader against the real corpora in ../shared/data (or EDGEMETA_DATA). Skips, with a message,
/// when the data is absent, so the suite passes on a fresh clone.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class MidiCorpusTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("jsb")]
    [InlineData("nottingham")]
    [InlineData("oneills_1850")]
    [InlineData("pop909")]
    [InlineData("ryans_mammoth")]
    public void Strict_reader_parses_at_least_99_percent_of_each_corpus(string corpus)
    {
        var folder = TestPaths.DataFolder(corpus);
        Skip.If(folder is null, $"corpus {corpus} not found (set EDGEMETA_DATA)");

        var files = Directory.EnumerateFiles(folder, "*.mid", SearchOption.AllDirectories).ToList();
        var failures = new List<string>();
        var notes = 0L;
        foreach (var path in files)
        {
            try
            {
                notes += MidiFile.Read(path).ToNotes().Count;
            }
            catch (MidiFormatException ex)
            {
                failures.Add(ex.Message);
            }
        }

        output.WriteLine($"{corpus}: {files.Count - failures.Count}/{files.Count} files parsed, {notes} notes");
        foreach (var failure in failures.Take(5))
        {
            output.WriteLine(failure);
        }

        Assert.NotEmpty(files);
        Assert.True(failures.Count * 100 <= files.Count, $"{failures.Count} of {files.Count} failed; first: {failures.FirstOrDefault()}");
    }
}
