#!/usr/bin/env bash
# The CUDA build on a host without CUDA: builds edgemeta with -p:EdgeMetaOnnxRuntimeGpu=true (ONNX Runtime's
# Microsoft.ML.OnnxRuntime.Gpu.Linux package), answers an example, and checks that the runtime said it fell back
# to the CPU provider and still answered. On a host with a working CUDA the same build runs on the GPU and the
# check reports that instead.
#
#   deploy/test-gpu-fallback.sh      exit 0 when the fallback (or CUDA) was reported and the answer written
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d /var/tmp/edgemeta-gpu.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# Its own build tree, so the CUDA package never mixes with the CPU build's outputs.
export EDGEMETA_ARTIFACTS="${EDGEMETA_ARTIFACTS:-$(pwd)/artifacts}/gpu"
began=$(date +%s)
echo "gpu test: dotnet build -p:EdgeMetaOnnxRuntimeGpu=true (Microsoft.ML.OnnxRuntime.Gpu.Linux)"
dotnet build src/EdgeRuntime/Cli/Cli.csproj -c Release -p:EdgeMetaOnnxRuntimeGpu=true -nologo -v quiet -o "$work/bin" > "$work/build.log" 2>&1 \
  || { tail -n 20 "$work/build.log"; echo "gpu test: FAILED: the CUDA build did not build"; exit 1; }
[ -n "$(find "$work/bin" -name libonnxruntime_providers_cuda.so)" ] || { echo "gpu test: FAILED: the build has no libonnxruntime_providers_cuda.so (not the CUDA package)"; exit 1; }

"$work/bin/edgemeta" generate --help > /dev/null
if ! "$work/bin/edgemeta" respond --model models/default --phrases examples/folk-jig.mid --out "$work/answer.mid" > "$work/respond.log" 2>&1; then
  cat "$work/respond.log"; echo "gpu test: FAILED: respond failed with the CUDA build"; exit 1
fi
sed 's/^/gpu test:   /' "$work/respond.log"
[ -s "$work/answer.mid" ] || { echo "gpu test: FAILED: no answer written"; exit 1; }
if grep -q "falling back to CPUExecutionProvider" "$work/respond.log"; then
  echo "gpu test: PASSED: no usable CUDA here; the runtime said so, fell back to the CPU provider and answered ($(( $(date +%s) - began )) s)"
elif command -v nvidia-smi > /dev/null && nvidia-smi > /dev/null 2>&1; then
  echo "gpu test: PASSED: CUDA is usable on this host; the CUDA build answered without falling back"
else
  echo "gpu test: FAILED: no CUDA on this host, yet no fallback line in the output"; exit 1
fi
