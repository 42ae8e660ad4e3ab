#!/usr/bin/env bash
# Builds the device tarball: self-contained edgemeta (and edgemeta-box) with models/default, the installer, the
# systemd units and the udev rule, as dist/edgemeta-VERSION-RID.tar.gz plus its .sha256.
#
#   deploy/publish.sh pi|jetson|x64 [gpu] [--out DIR]
#
#   pi      linux-arm64 (64-bit Raspberry Pi OS on a Pi 3/4/5/Zero 2 W)
#   jetson  linux-arm64 with the CPU ONNX Runtime; swap in JetPack's libonnxruntime.so on the device (deploy/README.md)
#   x64     linux-x64; `x64 gpu` takes ONNX Runtime's CUDA build (Microsoft.ML.OnnxRuntime.Gpu.Linux) instead
#
# Not trimmed: the manifest and profile readers use System.Text.Json's reflection serializer, which trimming
# disables (a trimmed edgemeta fails on loading a model with "Reflection-based serialization has been disabled");
# ONNX Runtime's managed API and System.CommandLine/Spectre.Console are not annotated for trimming either, and the
# two programs share one runtime folder, which only works untrimmed. Trimming the framework alone (TrimMode=partial)
# would take the x64 folder from 111 MB to 54 MB (measured before ReadyToRun) once the JSON types have a
# source-generated context.
# ReadyToRun: the program's own assemblies are compiled ahead of time (the framework's already are), so a slow board
# JITs less at start (deploy/bench-cold-start.sh times `edgemeta play` to READY and to its first answer with and without
# it, and with the runtime's tiering switches, none of which beat the defaults there). Prints the tarball's size and, on a host of the target's architecture, the cold start (the first
# `edgemeta respond` on an example after unpacking).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

target="" gpu=false out="$repo/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    pi|jetson|x64) target="$1"; shift ;;
    gpu) gpu=true; shift ;;
    --out) out="$(realpath -m "$2")"; shift 2 ;;
    *) echo "usage: deploy/publish.sh pi|jetson|x64 [gpu] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$target" ] || { echo "usage: deploy/publish.sh pi|jetson|x64 [gpu] [--out DIR]" >&2; exit 2; }
case "$target" in
  pi|jetson) rid=linux-arm64 ;;
  x64) rid=linux-x64 ;;
esac
if $gpu && [ "$rid" != linux-x64 ]; then echo "publish.sh: gpu is for x64 CUDA hosts; a Jetson takes JetPack's ONNX Runtime (deploy/README.md)" >&2; exit 2; fi

version="${EDGEMETA_VERSION:-0.1.0+$(git rev-parse --short HEAD 2>/dev/null || echo local)}"
flavour="$rid"
if $gpu; then flavour="$rid-cuda"; fi
name="edgemeta-${version//+/-}-$flavour"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/$name"
mkdir -p "$pkg/app" "$pkg/units" "$pkg/udev" "$out"

props=(-c Release -r "$rid" --self-contained -p:PublishReadyToRun=true -p:Version="${version%%+*}" -p:InformationalVersion="$version")
if $gpu; then props+=(-p:EdgeMetaOnnxRuntimeGpu=true); fi
# A private output tree per target, so an arm64 publish never reuses x64 objects (nor another work tree's).
export EDGEMETA_ARTIFACTS="${EDGEMETA_ARTIFACTS:-$repo/artifacts}/publish-$flavour"

echo "publish: edgemeta for $rid ($target)"
dotnet publish src/EdgeRuntime/Cli/Cli.csproj "${props[@]}" -o "$pkg/app" -nologo -v quiet
if [ -f deploy/edgemeta-box.service ] && [ -f src/Firmware/Firmware.csproj ]; then
  echo "publish: edgemeta-box for $rid"
  dotnet publish src/Firmware/Firmware.csproj "${props[@]}" -o "$pkg/app" -nologo -v quiet
  cp deploy/edgemeta-box.service "$pkg/units/"
else
  echo "publish: no deploy/edgemeta-box.service yet: the tarball has edgemeta only"
fi
rm -f "$pkg"/app/*.pdb "$pkg"/app/*.dbg

mkdir -p "$pkg/app/models"
cp -r models/default "$pkg/app/models/default"
mkdir -p "$pkg/app/examples"
cp examples/*.mid "$pkg/app/examples/"
cp deploy/install.sh "$pkg/"
cp deploy/edgemeta.service "$pkg/units/"
cp deploy/60-edgemeta-midi.rules "$pkg/udev/"
cp deploy/README.md "$pkg/README.md"
echo "$version $flavour" > "$pkg/VERSION"
chmod 0755 "$pkg/install.sh" "$pkg/app/edgemeta"

tarball="$out/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$name"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

echo "publish: $tarball"
echo "publish: size $(du -h "$tarball" | cut -f1) packed, $(du -sh "$pkg" | cut -f1) unpacked ($(du -sh "$pkg/app/models/default" | cut -f1) of it the model)"

# Cold start: the first run of the unpacked program (no warm process), as a device's boot sees it. Only natively:
# emulated time says nothing about a board (deploy/test-arm64.sh times the arm64 build under qemu-aarch64).
case "$rid/$(uname -m)" in linux-x64/x86_64|linux-arm64/aarch64) native=true ;; *) native=false ;; esac
if $native; then
  start=$(date +%s%N)
  "$pkg/app/edgemeta" respond --model "$pkg/app/models/default" --phrases "$pkg/app/examples/folk-jig.mid" --out "$stage/cold-start.mid" > "$stage/cold-start.log" 2>&1 \
    || { cat "$stage/cold-start.log"; echo "publish: the published edgemeta failed to answer an example" >&2; exit 1; }
  end=$(date +%s%N)
  echo "publish: cold start $(( (end - start) / 1000000 )) ms for 'edgemeta respond' (load the model, adapt to examples/folk-jig.mid, answer) on $(uname -m)"
else
  echo "publish: cold start not measured: a $rid build on $(uname -m) (deploy/test-arm64.sh runs it under qemu-aarch64)"
fi
