using EdgeMeta.Fuzz;
using SharpFuzz;

// edgemeta-fuzz TARGET                 run under afl-fuzz (SharpFuzz's out-of-process loop)
// edgemeta-fuzz seeds DIR              write the seed corpora, made by the project's own writers
// edgemeta-fuzz replay TARGET PATH...  run files (or every file in folders) once each, in process
if (args.Length >= 2 && args[0] == "seeds")
{
    var written = SeedCorpus.Write(args[1]);
    Console.WriteLine($"seeds: {written} files in {args[1]}");
    return 0;
}

if (args.Length >= 3 && args[0] == "replay")
{
    var target = FuzzTargets.Find(args[1]);
    var files = args[2..].SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]).Order(StringComparer.Ordinal).ToList();
    var failures = 0;
    foreach (var file in files)
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            failures++;
            Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine($"replay {target.Name}: {files.Count} inputs, {failures} failures");
    return failures == 0 ? 0 : 1;
}

if (args.Length == 1)
{
    var target = FuzzTargets.Find(args[0]);
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target.Run(memory.ToArray());
    });
    return 0;
}

Console.Error.WriteLine("usage: edgemeta-fuzz TARGET | seeds DIR | replay TARGET PATH...; targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
return 2;
