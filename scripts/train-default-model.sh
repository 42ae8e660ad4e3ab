#!/usr/bin/env bash
# Reproduces models/default from the corpora: pretrain (stage 1), ANIL refinement (stage 2), the few-shot
# evaluation on the held-out families, and the export. Runs go to runs/ (not committed).
# Usage: scripts/train-default-model.sh [DATA_DIR]   (default ../shared/data or $EDGEMETA_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${EDGEMETA_DATA:-../shared/data}}
corpora=("$data/nottingham" "$data/ryans_mammoth" "$data/oneills_1850" "$data/jsb" "$data/pop909")

dotnet build src/Trainer/Trainer.csproj -c Release -v quiet -nologo
train() { dotnet run --project src/Trainer/Trainer.csproj -c Release --no-build -- "$@"; }

train train --config src/Trainer/Configs/shipped-pretrain.json --data "${corpora[@]}" --out runs/shipped-pretrain
train train --config src/Trainer/Configs/shipped-anil.json --data "${corpora[@]}" --out runs/shipped-anil
train evaluate --run runs/shipped-anil --baseline runs/shipped-pretrain --data "${corpora[@]}" --out runs/shipped-anil/evaluation
train export --run runs/shipped-anil --out models/default \
  --card-appendix src/Trainer/Configs/shipped-model-card.md runs/shipped-anil/evaluation/report.md
