#!/usr/bin/env bash
# Reruns issue 14's findings 1 and 2 against `edgemeta play` (Release build, built if needed):
#   1. play --in fifo:IN --out fifo:OUT --rest 0.4; ~20,000 note messages/s into IN for 5 s, release all, wait 3 s, SIGTERM
#   2. the same with a 10 s flood and no SIGTERM (play stops itself with --seconds after the answer has had time)
# and prints for each: exit code, peak RSS (VmHWM of the play process), the delay from the release to the first answer
# note, notes left hanging on OUT (a note-on with no later note-off or CC 123 on its channel), and whether the profile
# is loadable and moved on (the session's update was saved) with no temporary file left.
#   scripts/flood-repro.sh [MODEL]          (default models/default)
# FLOOD_RUNS=N runs each finding N times (default 1); every run is printed, with the 1-minute load average.
# FLOOD_SMAPS=DIR saves /proc/PID/smaps of play just before the flood (steady), at its highest resident set and just
# before it ends, and prints where the resident set goes (scripts/smaps-summary.py).
# Needs python3 (standard library only) to write and read the FIFOs on time.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-models/default}
dotnet build src/EdgeRuntime/Cli -c Release >/dev/null
dll=$(dotnet msbuild src/EdgeRuntime/Cli -getProperty:TargetPath -p:Configuration=Release)
work=$(mktemp -d)
[ -n "${FLOOD_KEEP:-}" ] && echo "work folder: $work" || trap 'rm -rf "$work"' EXIT
export EDGEMETA_PROFILES="$work/profiles"

# A first profile to update, so "the session's update is lost" can be seen: adapt once on an example performer.
dotnet "$dll" adapt --model "$model" --profile flood --phrases examples/folk-jig.mid >/dev/null
sessions() { dotnet "$dll" profile show flood 2>&1 | sed -n 's/^sessions: \([0-9]*\);.*/\1/p'; }

run() {   # run NAME FLOOD_SECONDS SIGTERM(yes|no)
  local name=$1 flood=$2 sigterm=$3
  local in="$work/$name.in" out="$work/$name.out" before load
  load=$(cut -d' ' -f1 /proc/loadavg)
  before=$(sessions)
  mkfifo "$in" "$out"
  local extra=()
  [ "$sigterm" = no ] && extra=(--seconds "$(( flood + 15 ))")
  # stdbuf-free: stderr goes to a file; the driver below signals the process itself.
  dotnet "$dll" play --model "$model" --in "fifo:$in" --out "fifo:$out" --rest 0.4 --profile flood --seed 1 "${extra[@]}" \
    2>"$work/$name.log" &
  local pid=$!
  python3 - "$pid" "$in" "$out" "$flood" "$sigterm" "$work/$name.result" "${FLOOD_SMAPS:+$FLOOD_SMAPS/$name}" <<'PY'
import os, random, signal, sys, threading, time
pid, fifo_in, fifo_out, flood, sigterm, result = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5] == "yes", sys.argv[6]
smaps = sys.argv[7] if len(sys.argv) > 7 else ""   # a path prefix when FLOOD_SMAPS is set
heard = []          # (monotonic time, status, data1, data2) of every channel message on OUT
peak = [0]
done = threading.Event()

def status(field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None

def hwm():
    return status("VmHWM")

def save_smaps(suffix):
    if not smaps:
        return
    try:
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
        with open(f"{smaps}.{suffix}.smaps", "w") as f:
            f.write(text)
    except OSError:
        pass

def watch_memory():   # VmHWM is the peak so far; the last reading before the process ends is its peak
    saved = 0         # the resident set of the last peak snapshot: a new one only when it grew by 1 MB
    while not done.is_set():
        v = hwm()
        if v is not None:
            peak[0] = max(peak[0], v)
            rss = status("VmRSS") or 0
            if smaps and flooding.is_set() and rss > saved + 1024:
                save_smaps("peak")
                saved = rss
        time.sleep(0.05)

flooding = threading.Event()

def listen():         # a minimal parser: status bytes, running status, real-time bytes skipped
    with open(fifo_out, "rb", buffering=0) as f:
        status, data = 0, []
        while True:
            chunk = f.read(4096)
            if not chunk:
                return
            now = time.monotonic()
            for b in chunk:
                if b >= 0xF8:
                    continue
                if b >= 0x80:
                    status, data = (b, []) if b < 0xF0 else (0, [])
                    continue
                if not status:
                    continue
                data.append(b)
                need = 1 if status & 0xF0 in (0xC0, 0xD0) else 2
                if len(data) == need:
                    heard.append((now, status, data[0], data[1] if need == 2 else 0))
                    data = []

threading.Thread(target=watch_memory, daemon=True).start()
listener = threading.Thread(target=listen, daemon=True)
listener.start()
deadline = time.monotonic() + 30
while True:               # play opens its input as it starts; wait for it (and for the model to load)
    try:
        w = os.open(fifo_in, os.O_WRONLY | os.O_NONBLOCK)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("play did not open its input within 30 s")
        time.sleep(0.05)
os.set_blocking(w, True)
time.sleep(1.0)           # the session is listening once its input is open; give it a moment to start the engine
steady = status("VmRSS") or 0
save_smaps("steady")
flooding.set()
rng = random.Random(14)
rate = 20000              # note messages per second: note-on then note-off of random keys, 10 ms blocks
block = rate // 100
sounding = set()
start = time.monotonic()
sent = 0
while time.monotonic() - start < flood:
    buf = bytearray()
    for _ in range(block // 2):
        key = rng.randrange(21, 109)
        buf += bytes((0x90, key, rng.randrange(40, 120), 0x80, key, 0))
    os.write(w, bytes(buf))
    sent += block
    target = start + sent / rate
    pause = target - time.monotonic()
    if pause > 0:
        time.sleep(pause)
released = time.monotonic()
os.write(w, bytes(b for k in range(128) for b in (0x80, k, 0)))   # release all
flood_seconds = released - start
if sigterm:
    time.sleep(3.0)
    save_smaps("end")
    os.kill(pid, signal.SIGTERM)
    signalled = time.monotonic()
else:
    time.sleep(max(0.0, flood + 15 - (time.monotonic() - start) - 4))   # a moment before --seconds ends it
    save_smaps("end")
# Wait for play to end (it writes the profile after releasing every note), reading OUT until it closes.
while True:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
    v = hwm()
    if v is None:
        break
    time.sleep(0.05)
done.set()
os.close(w)
listener.join(timeout=2)
first = next((t for t, s, d1, d2 in heard if t > released and s & 0xF0 == 0x90 and d2 > 0), None)
open_notes = set()
for t, s, d1, d2 in heard:
    ch, kind = s & 0x0F, s & 0xF0
    if kind == 0x90 and d2 > 0:
        open_notes.add((ch, d1))
    elif kind == 0x80 or kind == 0x90:
        open_notes.discard((ch, d1))
    elif kind == 0xB0 and d1 in (120, 123):
        open_notes = {n for n in open_notes if n[0] != ch}
ons = sum(1 for t, s, d1, d2 in heard if s & 0xF0 == 0x90 and d2 > 0)
with open(result, "w") as f:
    f.write(f"flood {flood_seconds:.1f} s, {sent} note messages ({sent / flood_seconds:,.0f}/s)\n")
    f.write(f"peak RSS {peak[0] / 1024:.0f} MB (resident set before the flood {steady / 1024:.0f} MB)\n")
    f.write("first answer note " + (f"{first - released:.2f} s after the release" if first else "none after the release") + "\n")
    f.write(f"answer note-ons {ons}, notes left hanging {len(open_notes)}\n")
PY
  local code=0
  wait "$pid" || code=$?
  local after tmp
  after=$(sessions)
  tmp=$(find "$EDGEMETA_PROFILES" -name '*.tmp*' | wc -l)
  echo "== $name: ${flood} s flood, $([ "$sigterm" = yes ] && echo 'SIGTERM 3 s after the release' || echo 'no SIGTERM'); load average $load"
  echo "exit code $code"
  cat "$work/$name.result"
  echo "profile: sessions $before -> ${after:-unreadable}, temporary files left $tmp"
  grep -E 'adaptation failed|abandoned|did not stop|Unhandled|error' "$work/$name.log" | head -5 || true
  if [ -n "${FLOOD_SMAPS:-}" ]; then
    for when in steady peak end; do
      if [ -f "$FLOOD_SMAPS/$name.$when.smaps" ]; then
        echo "-- $when:"
        python3 scripts/smaps-summary.py "$FLOOD_SMAPS/$name.$when.smaps"
      fi
    done
  fi
}

if [ -n "${FLOOD_SMAPS:-}" ]; then mkdir -p "$FLOOD_SMAPS"; fi
for i in $(seq "${FLOOD_RUNS:-1}"); do
  suffix=$([ "${FLOOD_RUNS:-1}" -gt 1 ] && echo "-$i" || true)
  run "finding-1$suffix" 5 yes
  run "finding-2$suffix" 10 no
done
