#!/usr/bin/env bash
# Kills `edgemeta adapt` with SIGKILL at random moments, RUNS times (default 30), and checks after each kill
# that the profile loads whole: no warning, weights and counters from the same save (sessions never go back).
#   scripts/kill-during-adapt.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/EdgeRuntime/Cli -c Release -o "$work/bin" >/dev/null
edgemeta() { dotnet "$work/bin/edgemeta.dll" "$@"; }
profiles="$work/profiles"
edgemeta adapt --model models/default --profile ana --phrases examples/folk-jig.mid --profiles "$profiles" >/dev/null
sessions=1 torn=0 killed=0
for i in $(seq "$runs"); do
  edgemeta adapt --model models/default --profile ana --phrases examples/folk-jig.mid --profiles "$profiles" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(( (RANDOM % 150) + 50 ))"   # 0.5-2.0 s: model load, features, adaptation, the save
  sleep "$(( RANDOM % 2 ))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  show=$(edgemeta profile show ana --profiles "$profiles" 2>&1) || { echo "run $i: profile unreadable: $show"; torn=$((torn + 1)); continue; }
  now=$(echo "$show" | sed -n 's/^sessions: \([0-9]*\);.*/\1/p')
  if [ "$now" -lt "$sessions" ]; then echo "run $i: sessions went back from $sessions to $now"; torn=$((torn + 1)); fi
  sessions=$now
done
left=$(find "$profiles" -name '*.tmp' | wc -l)
echo "kill -9 during adapt: $runs runs, $killed killed mid-run, $torn torn or unreadable profiles, $sessions sessions saved, $left temp files left"
[ "$torn" -eq 0 ]
