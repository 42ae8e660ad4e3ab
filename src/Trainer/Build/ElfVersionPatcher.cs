// Compiled by MSBuild's RoslynCodeTaskFactory from TorchSharpGlibcxxFix.targets, not by Trainer.csproj
// (which excludes Build/**). Keep it dependency-free: it runs inside MSBuild.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of ELF64 little-endian shared libraries weak (VER_FLG_WEAK) when
/// the host's libstdc++ lacks that version. Idempotent: an entry already weak is left as it is.
/// </summary>
public sealed class EdgeMetaWeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public ITaskItem[] Libraries { get; set; }
    [Required] public string HostLibStdCxx { get; set; }
    [Required] public string VersionName { get; set; }

    public override bool Execute()
    {
        if (!File.Exists(HostLibStdCxx))
        {
            Log.LogMessage(MessageImportance.Low, "EdgeMeta: " + HostLibStdCxx + " not found; leaving libLibTorchSharp.so as shipped.");
            return true;
        }

        if (Contains(File.ReadAllBytes(HostLibStdCxx), Encoding.ASCII.GetBytes(VersionName + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "EdgeMeta: host libstdc++ provides " + VersionName + "; no patch needed.");
            return true;
        }

        foreach (var item in Libraries)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = Weaken(bytes, VersionName);
                if (result == null)
                {
                    Log.LogMessage(MessageImportance.Low, "EdgeMeta: " + path + " has no non-weak " + VersionName + " requirement.");
                    continue;
                }

                // Temp file + rename: never write through a hard link into the NuGet cache.
                var temp = path + ".edgemeta-tmp";
                File.WriteAllBytes(temp, bytes);
                File.Replace(temp, path, null);
                Log.LogMessage(MessageImportance.High, "EdgeMeta: marked " + VersionName + " weak in " + path + " (" + result + ").");
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                Log.LogError("EdgeMeta: cannot patch " + path + ": " + ex.Message);
                return false;
            }
        }

        return true;
    }

    /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="name"/>; returns null if nothing changed.</summary>
    private static string Weaken(byte[] elf, string name)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = checked((int)(shoff + (long)i * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (long)BitConverter.ToUInt64(elf, sh + 0x18);
            var link = BitConverter.ToUInt32(elf, sh + 0x28);
            var count = BitConverter.ToUInt32(elf, sh + 0x2C);
            var strtab = (long)BitConverter.ToUInt64(elf, checked((int)(shoff + (long)link * shentsize)) + 0x18);

            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                for (var a = 0; a < auxCount; a++)
                {
                    var flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    var nameOffset = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadString(elf, nameOffset) == name)
                    {
                        if ((flags & VerFlagWeak) != 0)
                        {
                            return null;
                        }

                        var patched = (ushort)(flags | VerFlagWeak);
                        elf[aux + 4] = (byte)(patched & 0xff);
                        elf[aux + 5] = (byte)(patched >> 8);
                        return "vna_flags 0x" + flags.ToString("x") + " -> 0x" + patched.ToString("x") + " at offset 0x" + (aux + 4).ToString("x");
                    }

                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }

                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }

        return null;
    }

    private static string ReadString(byte[] bytes, long offset)
    {
        var end = offset;
        while (end < bytes.Length && bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(bytes, (int)offset, (int)(end - offset));
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        // MSBuild compiles inline tasks against netstandard2.0: no spans.
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }
}
