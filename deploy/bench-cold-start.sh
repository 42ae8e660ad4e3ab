#!/usr/bin/env bash
# Cold start of the published `edgemeta play` (x64, on this machine): from process start to READY=1 (sd_notify, what
# systemd waits for) and to the first answer note after a first call, over FIFOs (tests/Benchmarks ColdStartTimer).
#
#   deploy/bench-cold-start.sh [--tarball dist/edgemeta-...-linux-x64.tar.gz] [--runs 5] [--no-compare]
#
# Without --tarball it publishes one first (deploy/publish.sh x64). Then:
#   cold   each run on a copy just unpacked from the tarball (its first start; the files are in the page cache, as
#          after an install: .NET keeps no JIT cache between processes, so this is the start a boot sees);
#   warm   further runs of one of those copies;
#   and, unless --no-compare, warm runs with the runtime's tiering switches (environment variables, so no rebuild),
#   with no precompiled code at all (DOTNET_ReadyToRun=0, the framework's included) and with the program published
#   without ReadyToRun (a second publish, JIT only for EdgeMeta's own assemblies).
# Prints the table rows for the README (medians; "first" is the first run of the row).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

tarball="" runs=5 compare=true
while [ $# -gt 0 ]; do
  case "$1" in
    --tarball) tarball="$(realpath "$2")"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-compare) compare=false; shift ;;
    *) echo "usage: deploy/bench-cold-start.sh [--tarball FILE.tar.gz] [--runs N] [--no-compare]" >&2; exit 2 ;;
  esac
done
[ "$(uname -m)" = x86_64 ] || { echo "bench-cold-start: times the x64 build natively; this is $(uname -m)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$tarball" ]; then
  deploy/publish.sh x64 --out "$work/dist"
  tarball="$(ls "$work"/dist/edgemeta-*-linux-x64.tar.gz)"
fi
[ -f "$tarball" ] || { echo "bench-cold-start: $tarball: no such tarball" >&2; exit 2; }

export EDGEMETA_ARTIFACTS="${EDGEMETA_ARTIFACTS:-$repo/artifacts}"
echo "bench-cold-start: building the timer (tests/Benchmarks)"
dotnet build tests/Benchmarks -c Release -nologo -v quiet > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
timer() { dotnet run -c Release --no-build --project tests/Benchmarks -- cold-start "$@"; }

unpack() {   # unpack the tarball into a fresh folder; prints the program's path
  local into="$work/copy-$1"
  mkdir -p "$into"
  tar -C "$into" -xzf "$tarball"
  echo "$into"/edgemeta-*/app/edgemeta
}

rows=()
row() { local out; out="$(timer "$@")"; echo "$out" | grep -v '^|'; rows+=("$(echo "$out" | grep '^|')"); }

cold=()
for i in $(seq 1 "$runs"); do cold+=(--app "$(unpack "$i")"); done
row --label "ReadyToRun (as published), cold: first run after unpacking" --runs 1 "${cold[@]}"
first="${cold[1]}"
row --label "ReadyToRun (as published), warm" --runs "$runs" --app "$first"

if $compare; then
  row --label "ReadyToRun, DOTNET_TieredPGO=0" --runs "$runs" --app "$first" --env DOTNET_TieredPGO=0
  row --label "ReadyToRun, DOTNET_TieredCompilation=0" --runs "$runs" --app "$first" --env DOTNET_TieredCompilation=0
  row --label "ReadyToRun, DOTNET_TC_QuickJitForLoops=1 (the .NET default)" --runs "$runs" --app "$first" --env DOTNET_TC_QuickJitForLoops=1
  row --label "no precompiled code (DOTNET_ReadyToRun=0)" --runs "$runs" --app "$first" --env DOTNET_ReadyToRun=0

  echo "bench-cold-start: publishing without ReadyToRun"
  jit="$work/jit/app"
  EDGEMETA_ARTIFACTS="$EDGEMETA_ARTIFACTS/publish-linux-x64-jit" dotnet publish src/EdgeRuntime/Cli/Cli.csproj -c Release -r linux-x64 --self-contained \
    -p:PublishReadyToRun=false -o "$jit" -nologo -v quiet
  cp -r models "$jit/models"
  jits=()
  for i in $(seq 1 "$runs"); do cp -r "$jit" "$work/jit-$i"; jits+=(--app "$work/jit-$i/edgemeta"); done
  row --label "JIT only (published without ReadyToRun), cold" --runs 1 "${jits[@]}"
  row --label "JIT only (published without ReadyToRun), warm" --runs "$runs" --app "${jits[1]}"
fi

echo
echo "edgemeta play, $(basename "$tarball"), $(nproc) cores $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo "| build and settings | runs | start → READY (median) | (first run) | call end → first answer note (median) | (first run) | CPU to first answer (median) | first adaptation (median) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
