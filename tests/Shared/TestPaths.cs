using System.Runtime.CompilerServices;

namespace EdgeMeta.Tests.Shared;

/// <summary>
/// Where the repository and the shared corpora are, for every test project (compiled into each one).
/// Build output may live outside the repository (EDGEMETA_ARTIFACTS), so the search also starts from
/// this source file's own path.
/// </summary>
internal static class TestPaths
{
    /// <summary>The folder holding EdgeMeta.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither the test binaries nor this source file sit inside the repository.</exception>
    public static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        FindRepository(AppContext.BaseDirectory) ?? FindRepository(Path.GetDirectoryName(sourceFile))
        ?? throw new DirectoryNotFoundException("EdgeMeta.sln not found above " + AppContext.BaseDirectory + " or " + sourceFile);

    /// <summary>
    /// The corpus folder <paramref name="corpus"/> under $EDGEMETA_DATA (default ../shared/data beside the
    /// repository), or null when it is absent: corpus tests then return early.
    /// </summary>
    public static string? DataFolder(string corpus, [CallerFilePath] string sourceFile = "")
    {
        var root = Environment.GetEnvironmentVariable("EDGEMETA_DATA");
        if (string.IsNullOrEmpty(root))
        {
            var repo = FindRepository(AppContext.BaseDirectory) ?? FindRepository(Path.GetDirectoryName(sourceFile));
            if (repo is null)
            {
                return null;
            }

            root = Path.Combine(repo, "..", "shared", "data");
        }

        var folder = Path.Combine(root, corpus);
        return Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
    }

    private static string? FindRepository(string? start)
    {
        for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeMeta.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
