#!/usr/bin/env bash
# The Raspberry Pi build, run: publishes the linux-arm64 tarball (deploy/publish.sh pi), runs `edgemeta respond`
# on examples/folk-jig.mid under qemu-aarch64 and checks the answer file with an independent MIDI reader
# (midicsv): notes present, every note-on has its note-off, a plausible length. Then a short `bench-step`.
#
#   deploy/test-arm64.sh         exit 0 when every check passed, 1 when one failed, 77 when it cannot run here
#
# qemu-aarch64 must be 8 or newer: Debian 12's own 7.2 crashes .NET, so it comes from bookworm-backports (10).
# The arm64 C and C++ runtimes .NET loads come from Debian's cross packages, found through -L. OpenSSL (which .NET
# hashes with: the model manifest's SHA-256 checks) has no cross package: libssl3:arm64 is downloaded from Debian's
# arm64 archive and unpacked into ~/.cache/edgemeta/arm64-libssl (LD_LIBRARY_PATH), not installed, since an
# installed multiarch libc6:arm64 is found before the cross libc and .NET then hangs at start under qemu.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
began=$(date +%s)

cannot() { echo "arm64 test: NOT RUN: $*"; exit 77; }
failed=0
check() {
  local name="$1"; shift
  if "$@"; then echo "arm64 test: ok: $name"; else echo "arm64 test: FAIL: $name"; failed=$((failed + 1)); fi
}

qemu_major() { qemu-aarch64-static --version 2>/dev/null | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -n1; }
need=()
if [ -z "$(qemu_major)" ] || [ "$(qemu_major)" -lt 8 ]; then need+=(qemu-user-static); fi
[ -f /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || need+=(libc6-arm64-cross)
[ -f /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || need+=(libstdc++6-arm64-cross)
command -v midicsv > /dev/null || need+=(midicsv)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || cannot "needs ${need[*]} (apt-get as root: qemu-user-static from bookworm-backports)"
  if . /etc/os-release && [ "${VERSION_CODENAME:-}" = bookworm ] \
     && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    mirror="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "${mirror:-http://deb.debian.org/debian}" > /etc/apt/sources.list.d/edgemeta-backports.sources
  fi
  echo "arm64 test: apt-get install ${need[*]}"
  apt-get update -qq > /dev/null 2>&1 || true
  backports=()
  if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then backports=(-t bookworm-backports); fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${backports[@]}" qemu-user-static > /dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null 2>&1 || true
  rest=()
  { [ -n "$(qemu_major)" ] && [ "$(qemu_major)" -ge 8 ]; } || rest+=("qemu-user-static >= 8 (have: $(qemu-aarch64-static --version 2>/dev/null | head -n1 || echo none))")
  [ -f /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || rest+=(libstdc++6-arm64-cross)
  command -v midicsv > /dev/null || rest+=(midicsv)
  [ ${#rest[@]} -eq 0 ] || cannot "apt-get could not install ${rest[*]}"
fi
echo "arm64 test: $(qemu-aarch64-static --version | head -n1)"

ssl="${EDGEMETA_CACHE:-$HOME/.cache/edgemeta}/arm64-libssl"
if [ ! -f "$ssl/root/usr/lib/aarch64-linux-gnu/libssl.so.3" ]; then
  [ "$(id -u)" -eq 0 ] || cannot "needs libssl3:arm64 (apt-get download as root: arm64 added to dpkg's architectures)"
  added=false
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then dpkg --add-architecture arm64; added=true; fi
  echo "arm64 test: apt-get download libssl3:arm64 into $ssl"
  rm -rf "$ssl"; mkdir -p "$ssl"
  apt-get update -qq > /dev/null 2>&1 || true
  (cd "$ssl" && apt-get download libssl3:arm64 > /dev/null 2>&1) || true
  if $added; then dpkg --remove-architecture arm64 || true; fi
  deb="$(find "$ssl" -maxdepth 1 -name 'libssl3_*_arm64.deb' | head -n1)"
  [ -n "$deb" ] || cannot "apt-get could not download libssl3:arm64"
  dpkg-deb -x "$deb" "$ssl/root"
fi
export LD_LIBRARY_PATH="$ssl/root/usr/lib/aarch64-linux-gnu"

work="$(mktemp -d /var/tmp/edgemeta-arm64.XXXXXX)"
trap 'rm -rf "$work"' EXIT
bash deploy/publish.sh pi --out "$work/dist" | sed 's/^/arm64 test: /'
tar -C "$work" -xzf "$work"/dist/edgemeta-*-linux-arm64.tar.gz
app="$(find "$work" -maxdepth 2 -type d -name app | head -n1)"
check "the published program is an arm64 executable" bash -c "file -b '$app/edgemeta' 2>/dev/null | grep -q aarch64 || od -An -tx1 -j18 -N2 '$app/edgemeta' | grep -q 'b7 00'"

arm() { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64-static -L /usr/aarch64-linux-gnu "$app/edgemeta" "$@"; }

# respond: load the model on ONNX Runtime's arm64 library, adapt to the performer, write the answer.
answer="$work/answer.mid"
start=$(date +%s%N)
check "edgemeta respond runs under qemu-aarch64" bash -c "$(declare -f arm); app='$app'; arm respond --model '$app/models/default' --phrases '$app/examples/folk-jig.mid' --out '$answer' --seed 7 > '$work/respond.log' 2>&1"
echo "arm64 test: respond took $(( ($(date +%s%N) - start) / 1000000 )) ms under emulation"
sed 's/^/arm64 test:   /' "$work/respond.log"

if [ -f "$answer" ]; then
  midicsv "$answer" > "$work/answer.csv"
  # Per channel and note: note-ons minus note-offs (a note-on with velocity 0 is a note-off); 0 everywhere = balanced.
  read -r ons offs open_notes seconds < <(awk -F', *' '
    $3 == "Header" { division = $6 }
    $3 == "Tempo" { tempo = $4 }
    $3 == "Note_on_c" && $6 > 0 { ons++; s[$4 ":" $5]++ }
    ($3 == "Note_off_c") || ($3 == "Note_on_c" && $6 == 0) { offs++; s[$4 ":" $5]-- }
    $2 + 0 > last { last = $2 + 0 }
    END { open = 0; for (k in s) if (s[k] != 0) open++; if (!tempo) tempo = 500000;
          printf "%d %d %d %.2f\n", ons, offs, open, last * tempo / 1e6 / division }' "$work/answer.csv")
  echo "arm64 test: answer has $ons note-ons, $offs note-offs, $seconds s"
  check "the answer has notes" test "$ons" -gt 0
  check "the answer's notes are balanced (every note-on has its note-off)" test "$open_notes" -eq 0
  # The call is examples/folk-jig.mid's last phrase; an answer of the same length (--length 1) has some notes
  # and lasts between a second and a minute.
  check "the answer has a plausible length (4-400 notes, 1-60 s)" awk -v n="$ons" -v s="$seconds" 'BEGIN { exit !(n >= 4 && n <= 400 && s >= 1 && s <= 60) }'
else
  check "the answer file was written" false
fi

# bench-step: a short run, to see the step works on arm64 (emulated time says nothing about a Pi's speed).
check "edgemeta bench-step runs under qemu-aarch64" bash -c "$(declare -f arm); app='$app'; arm bench-step --model '$app/models/default' --steps 2000 --warmup 200 > '$work/bench.log' 2>&1"
sed 's/^/arm64 test:   /' "$work/bench.log"

echo "arm64 test: took $(( $(date +%s) - began )) s"
if [ "$failed" -eq 0 ]; then echo "arm64 test: PASSED"; exit 0; fi
echo "arm64 test: FAILED ($failed checks)"
exit 1
