#!/usr/bin/env bash
# Before/after of the MIDI-in -> answer latency work, measured in one run so both see the same machine:
# builds BEFORE_REF (default be16c13, the tree before it) and the working tree, then runs `edgemeta bench-latency`
# for each, idle and beside a CPU hog pinned to the last CPU, with the pattern responder and with the real model.
# Passes alternate, so a change in background load hits both builds alike; read ratios, not absolute numbers.
#
#   scripts/bench-latency-compare.sh [BEFORE_REF] [CALLS] [VARIANT_FLAGS...]
#
# VARIANT_FLAGS (optional) run a third configuration of the working tree, e.g. --no-start-boost.
set -euo pipefail
before_ref=${1:-be16c13}
calls=${2:-300}
shift $(( $# > 2 ? 2 : $# ))
variant=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/edgemeta-latency-compare.XXXXXX)
hog_pid=
cleanup() { [[ -n $hog_pid ]] && kill "$hog_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

git -C "$root" archive "$before_ref" | tar -x -C "$work" --one-top-level=before
EDGEMETA_ARTIFACTS="$work/before-art" dotnet build -c Release "$work/before/src/EdgeRuntime/Cli/Cli.csproj" >/dev/null
EDGEMETA_ARTIFACTS="$work/after-art" dotnet build -c Release "$root/src/EdgeRuntime/Cli/Cli.csproj" >/dev/null
before="dotnet $work/before-art/bin/Cli/release/edgemeta.dll"
after="dotnet $work/after-art/bin/Cli/release/edgemeta.dll"
last_cpu=$(( $(nproc) - 1 ))
cd "$root"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r); before = $before_ref"

# The build before this work has no --load: the hog is started here the way CpuHog starts it.
before_pass() {
  echo "== before ($*), idle, load $(cut -d' ' -f1-3 /proc/loadavg)"
  $before bench-latency --phrases "$calls" "$@"
  taskset -c "$last_cpu" sh -c 'while :; do :; done' & hog_pid=$!
  echo "== before ($*), CPU hog on CPU $last_cpu, load $(cut -d' ' -f1-3 /proc/loadavg)"
  $before bench-latency --phrases "$calls" "$@"
  kill "$hog_pid"; hog_pid=
}

for responder in pattern model; do
  model_flags=()
  [[ $responder == model ]] && model_flags=(--model models/default)
  before_pass "${model_flags[@]}"
  echo "== after (${model_flags[*]}), load $(cut -d' ' -f1-3 /proc/loadavg)"
  $after bench-latency --phrases "$calls" --load hog "${model_flags[@]}"
  if (( ${#variant[@]} > 0 )); then
    echo "== after ${variant[*]} (${model_flags[*]}), load $(cut -d' ' -f1-3 /proc/loadavg)"
    $after bench-latency --phrases "$calls" --load hog "${variant[@]}" "${model_flags[@]}"
  fi
done
