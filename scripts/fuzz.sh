#!/usr/bin/env bash
# Fuzzes every reader of untrusted bytes with SharpFuzz + AFL++ for a bounded time each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default 600 s per target; targets: smf live safetensors manifest profile
#   scripts/fuzz.sh 20                        the brief CI run (20 s per target)
#
# Seeds are written by the project's own writers (tests/Fuzz/SeedCorpus.cs). Each target runs with a 256 MB
# GC heap limit, so an input that needs more memory than that is a finding too (OutOfMemoryException).
# Findings land in $FUZZ_OUT/findings/TARGET/default/{crashes,hangs}; replay one with
#   dotnet $FUZZ_OUT/plain/EdgeMeta.Fuzz.dll replay TARGET FILE
# and turn it into a regression test. Exit status 1 when a crash or hang of any target reproduces.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(smf live safetensors manifest profile)
fi
out=${FUZZ_OUT:-/tmp/edgemeta-fuzz}

if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++ (Debian package)"
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

rm -rf "$out/bin" "$out/plain" "$out/seeds"
mkdir -p "$out"
# Its own artifacts folder: instrumenting rewrites EdgeMeta.EdgeRuntime.dll, which no other build may pick up.
EDGEMETA_ARTIFACTS="$out/artifacts" dotnet publish tests/Fuzz/EdgeMeta.Fuzz.csproj -c Release -o "$out/plain" -warnaserror >/dev/null
# Instrumented code only runs under afl-fuzz; seeds and replays use the plain copy.
dotnet "$out/plain/EdgeMeta.Fuzz.dll" seeds "$out/seeds"
# Earlier findings (tests/Fuzz/Regressions/TARGET) must all read or be refused cleanly, and seed the run.
for target in "${targets[@]}"; do
  if [ -d "tests/Fuzz/Regressions/$target" ]; then
    dotnet "$out/plain/EdgeMeta.Fuzz.dll" replay "$target" "tests/Fuzz/Regressions/$target"
    cp "tests/Fuzz/Regressions/$target"/* "$out/seeds/$target/"
  fi
done
cp -r "$out/plain" "$out/bin"
sharpfuzz "$out/bin/EdgeMeta.EdgeRuntime.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_GCHeapHardLimit=0x10000000 DOTNET_TieredPGO=0

found=0
for target in "${targets[@]}"; do
  rm -rf "$out/findings/$target"; mkdir -p "$out/findings"
  echo "fuzzing $target for ${seconds} s"
  dictionary=()
  if [ "$target" != live ] && [ "$target" != smf ]; then
    dictionary=(-x tests/Fuzz/Dictionaries/json.dict)
  fi
  afl-fuzz -i "$out/seeds/$target" -o "$out/findings/$target" "${dictionary[@]}" -V "$seconds" -t 5000+ -m none \
    -- "$(command -v dotnet)" "$out/bin/EdgeMeta.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 || {
      echo "afl-fuzz failed for $target; last lines of $out/$target.log:"; tail -20 "$out/$target.log"; exit 1; }
  stats="$out/findings/$target/default/fuzzer_stats"
  execs=$(awk -F: '/^execs_done/ {gsub(/ /,"",$2); print $2}' "$stats")
  paths=$(awk -F: '/^corpus_count/ {gsub(/ /,"",$2); print $2}' "$stats")
  crashes=$(find "$out/findings/$target/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$out/findings/$target/default/hangs" -type f -name 'id:*' | wc -l)
  # A finding counts when it reproduces: replayed in process on the plain build (the out-of-process runner
  # occasionally reports a crash under heavy machine load that no replay reproduces).
  reproduced=0
  for finding in "$out/findings/$target/default/crashes"/id:* "$out/findings/$target/default/hangs"/id:*; do
    [ -e "$finding" ] || continue
    if ! timeout 10 dotnet "$out/plain/EdgeMeta.Fuzz.dll" replay "$target" "$finding" >/dev/null 2>&1; then
      reproduced=$((reproduced + 1))
      echo "  reproduced: $finding"
    fi
  done
  echo "fuzz $target: ${seconds} s, $execs executions, $paths corpus entries, $crashes crashes, $hangs hangs, $reproduced reproduced"
  if [ "$reproduced" -gt 0 ]; then
    found=1
  fi
done
exit $found
