using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>
/// Loads a folder of MIDI files as meta-learning tasks: one file = one task, its sub-folder (first level
/// below the corpus folder) = its family; files directly in the folder take the folder's name as family.
/// Files are parsed in parallel; a file that fails is reported in <see cref="CorpusLoadResult.Failures"/>
/// and skipped, never failing the load. A token cache (<see cref="TokenCache"/>) under
/// <see cref="CorpusOptions.CacheDirectory"/> (never in the corpus folder) makes the second
/// load read tokens instead of MIDI. Several corpora are combined by the caller (concatenate the tasks).
/// </summary>
public static class CorpusLoader
{
    /// <summary>Loads every .mid/.midi file under <paramref name="root"/> (recursively, any case of extension).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (message names it).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CorpusLoadResult Load(
        string root,
        CorpusOptions? options = null,
        IProgress<CorpusLoadProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Load(root, options, progress, static path => MidiFile.Read(path).ToNotes(), cancellationToken);

    /// <summary>As the public overload, with the note reader as a seam (tests count how often files are read).</summary>
    internal static CorpusLoadResult Load(
        string root,
        CorpusOptions? options,
        IProgress<CorpusLoadProgress>? progress,
        Func<string, IReadOnlyList<Note>> readNotes,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new CorpusOptions();
        var stopwatch = Stopwatch.StartNew();
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"{root}: corpus folder does not exist");
        }

        var files = FindMidiFiles(fullRoot);
        var tokenizer = new PerformanceTokenizer(options.Tokenizer);
        var segmenter = new PhraseSegmenter(tokenizer, options.Segmenter);
        var fingerprint = $"{options.Tokenizer.Fingerprint()}|{options.Segmenter.Fingerprint()}";

        string? cacheProblem = null;
        string? cachePath = null;
        Dictionary<string, TokenCache.Entry>? cached = null;
        // The cache lives in the user's cache folder, never in the corpus folder: a corpus is the user's data.
        var cacheFile = TokenCache.PathFor(options.CacheDirectory ?? TokenCache.DefaultDirectory(), fullRoot, fingerprint);
        if (options.UseCache)
        {
            cached = TokenCache.TryRead(cacheFile, fingerprint, out cacheProblem);
            cachePath = cached is null ? null : cacheFile;
        }

        var entries = new TokenCache.Entry[files.Count];
        int done = 0, parsed = 0, fromCache = 0;
        Parallel.For(
            0,
            files.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism },
            i =>
            {
                var info = new FileInfo(Path.Combine(fullRoot, files[i]));
                var (size, mtime) = (info.Length, info.LastWriteTimeUtc.Ticks);
                if (cached is not null && cached.TryGetValue(files[i], out var hit) && hit.Size == size && hit.MtimeTicks == mtime)
                {
                    entries[i] = hit;
                    Interlocked.Increment(ref fromCache);
                }
                else
                {
                    entries[i] = LoadFile(info.FullName, size, mtime, segmenter, readNotes);
                    Interlocked.Increment(ref parsed);
                }

                progress?.Report(new CorpusLoadProgress(Interlocked.Increment(ref done), files.Count));
            });

        if (options.UseCache && (parsed > 0 || cached is null || cached.Count != files.Count))
        {
            (cachePath, var writeProblem) = WriteCache(cacheFile, fingerprint, files, entries);
            cacheProblem ??= writeProblem;
        }

        var family = Path.GetFileName(fullRoot);
        var tasks = new List<MusicTask>();
        var failures = new List<CorpusFailure>();
        var withoutPhrases = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (entries[i].Phrases is not { } phrases)
            {
                failures.Add(new CorpusFailure(files[i], entries[i].FailureReason ?? "unknown failure"));
            }
            else if (phrases.Count == 0)
            {
                withoutPhrases++;
            }
            else
            {
                var slash = files[i].IndexOf('/', StringComparison.Ordinal);
                tasks.Add(new MusicTask(slash < 0 ? family : files[i][..slash], files[i], phrases));
            }
        }

        return new CorpusLoadResult
        {
            Root = fullRoot,
            Tasks = tasks,
            Failures = failures,
            FilesTotal = files.Count,
            FilesParsed = parsed,
            FilesFromCache = fromCache,
            FilesWithoutPhrases = withoutPhrases,
            CachePath = options.UseCache ? cachePath : null,
            CacheProblem = cacheProblem,
            Elapsed = stopwatch.Elapsed,
        };
    }

    /// <summary>Relative paths with '/' separators, in ordinal order so results never depend on the file system.</summary>
    private static List<string> FindMidiFiles(string root)
    {
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var files = Directory.EnumerateFiles(root, "*", enumeration)
            .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".MID" or ".MIDI")
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static TokenCache.Entry LoadFile(string path, long size, long mtime, PhraseSegmenter segmenter, Func<string, IReadOnlyList<Note>> readNotes)
    {
        try
        {
            return new TokenCache.Entry(size, mtime, segmenter.Segment(readNotes(path)), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // MIDI errors name the file and offset; anything else (a tokenizer refusal, a reader bug) is
            // still this file's failure, not the corpus's.
            return new TokenCache.Entry(size, mtime, null, ex is MidiFormatException ? ex.Message : $"{path}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static (string? Path, string? Problem) WriteCache(string cacheFile, string fingerprint, List<string> files, TokenCache.Entry[] entries)
    {
        var pairs = files.Select((file, i) => KeyValuePair.Create(file, entries[i])).ToList();
        try
        {
            TokenCache.Write(cacheFile, fingerprint, pairs);
            return (cacheFile, null);
        }
        catch (IOException ex)
        {
            return (null, ex.Message);
        }
    }
}
