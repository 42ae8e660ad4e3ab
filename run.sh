#!/usr/bin/env bash
# Quickstart: install and build EdgeMeta, then let the shipped default model listen to an example
# performer and answer. Usage: ./run.sh [PHRASES.mid] [RESPONSE.mid]
set -euo pipefail
cd "$(dirname "$0")"

phrases=${1:-examples/folk-jig.mid}
response=${2:-response.mid}
roll="${response%.mid}.png"

bash scripts/setup.sh

edgemeta() { dotnet run --project src/EdgeRuntime/Cli/Cli.csproj -c Release --no-build -- "$@"; }
edgemeta_train() { dotnet run --project src/Trainer/Trainer.csproj -c Release --no-build -- "$@"; }

echo "== EdgeMeta answers $phrases with models/default"
edgemeta respond --model models/default --phrases "$phrases" --out "$response" --seed 1
edgemeta_train pianoroll --call "$phrases" --response "$response" --out "$roll" --call-seconds 10

# Optional: render to audio when FluidSynth and a General MIDI soundfont are installed
# (sudo apt-get install fluidsynth fluid-soundfont-gm).
soundfont=/usr/share/sounds/sf2/FluidR3_GM.sf2
if command -v fluidsynth >/dev/null 2>&1 && [ -f "$soundfont" ]; then
  wav="${response%.mid}.wav"
  fluidsynth -ni -F "$wav" -r 44100 "$soundfont" "$response" >/dev/null 2>&1 && echo "audio: $wav"
fi

echo "== done: response in $response, piano roll in $roll"
