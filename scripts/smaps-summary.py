#!/usr/bin/env python3
"""Where a process's resident set goes, from a saved /proc/PID/smaps (scripts/flood-repro.sh saves them).

    scripts/smaps-summary.py FILE.smaps

Groups the mappings by what they hold; the anonymous ones are told apart by their shape, since they carry no name:
- glibc thread arenas: malloc gives each arena a 64 MB-aligned 64 MB reservation (read-write head, no-access tail);
- the .NET GC heap: the run of anonymous mappings around the largest no-access reservation (the GC reserves its
  regions' address range at start and commits pieces of it);
- thread stacks: 8 MB read-write mappings (glibc's default stack size);
- [heap]: glibc's main arena (brk), where the main thread's and small early allocations live.
Prints one line per group (resident MB, of it anonymous MB, mappings) and the total.
"""
import collections
import re
import sys

ARENA = 64 << 20
HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$")


def parse(path):
    maps = []
    with open(path) as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                maps.append({"start": int(m[1], 16), "end": int(m[2], 16), "perm": m[3], "name": m[4].strip()})
                continue
            key, _, value = line.partition(":")
            if maps and value.strip().endswith("kB"):
                maps[-1][key] = int(value.split()[0])
    return maps


def gc_range(maps):
    """The contiguous run of anonymous mappings holding the largest no-access reservation."""
    anon = [m for m in maps if not m["name"]]
    if not anon:
        return (0, 0)
    biggest = max((m for m in anon if m["perm"].startswith("---")), key=lambda m: m["end"] - m["start"], default=None)
    if biggest is None:
        return (0, 0)
    i = maps.index(biggest)
    lo, hi = i, i
    while lo > 0 and not maps[lo - 1]["name"] and maps[lo - 1]["end"] == maps[lo]["start"]:
        lo -= 1
    while hi + 1 < len(maps) and not maps[hi + 1]["name"] and maps[hi]["end"] == maps[hi + 1]["start"]:
        hi += 1
    return (maps[lo]["start"], maps[hi]["end"])


def group(m, gc):
    name = m["name"]
    if "doublemapper" in name:
        return "JIT code and runtime stubs (memfd doublemapper, shared)"
    if name.startswith("/"):
        base = name.split("/")[-1]
        if base.endswith(".dll"):
            return "file: managed assemblies (.dll)"
        if "onnxruntime" in base:
            return "file: libonnxruntime.so"
        if base.startswith(("libcoreclr", "libclrjit")):
            return "file: " + base
        return "file: other shared libraries and files"
    if name == "[heap]":
        return "[heap]: glibc main arena (brk)"
    if name:
        return name
    size = m["end"] - m["start"]
    if gc[0] <= m["start"] < gc[1]:
        return "anon: .NET GC heap"
    if m["start"] % ARENA == 0 and size <= ARENA:
        return "anon: glibc thread arenas"
    if size in (8 << 20, (8 << 20) + 4096) and m["perm"].startswith("rw"):
        return "anon: thread stacks"
    return "anon: other (runtime loader heaps, ONNX Runtime mmap, ...)"


def main():
    maps = parse(sys.argv[1])
    gc = gc_range(maps)
    groups = collections.defaultdict(lambda: [0, 0, 0])
    arenas = 0
    for m in maps:
        g = groups[group(m, gc)]
        g[0] += m.get("Rss", 0)
        g[1] += m.get("Anonymous", 0)
        g[2] += 1
        arenas += not m["name"] and m["start"] % ARENA == 0 and m["end"] - m["start"] <= ARENA
    total = sum(g[0] for g in groups.values())
    anon = sum(g[1] for g in groups.values())
    print(f"  resident {total / 1024:.1f} MB, anonymous {anon / 1024:.1f} MB, file-backed or shared {(total - anon) / 1024:.1f} MB; "
          f"glibc thread arenas {arenas}")
    for name, (rss, an, count) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        if rss >= 512:
            print(f"  {rss / 1024:7.1f} MB  {name} ({count} mappings)")


if __name__ == "__main__":
    main()
