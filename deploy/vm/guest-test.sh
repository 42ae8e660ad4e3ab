#!/bin/bash
# Runs inside the Debian 12 guest that deploy/test-vm.sh boots (as root, from the second disk at /payload).
# Installs the x64 tarball with install.sh, plugs in virtual MIDI devices (snd-virmidi, as a USB keyboard would
# appear), lets udev start the edgemeta service, plays a performer in through the ALSA sequencer (aplaymidi) and
# as raw bytes (amidi), records what the service answers, stops it mid-answer and checks every note was released.
# Every check prints "VMTEST ok: ..." or "VMTEST FAIL: ..."; the last line is "VMTEST RESULT: N passed, M failed".
set -u
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# Everything goes to a log on the payload disk, which the host reads after power-off (debugfs): the serial
# console can be taken over (hung up) by a getty mid-test, and then writes to it are lost.
exec > /payload/guest.log 2>&1
passed=0 failed=0
check() {
  local name="$1"; shift
  if "$@"; then echo "VMTEST ok: $name"; passed=$((passed + 1)); else echo "VMTEST FAIL: $name"; failed=$((failed + 1)); fi
}
finish() {
  echo "VMTEST RESULT: $passed passed, $failed failed"
  sync
  exit 0
}
note() { echo "VMTEST: $*"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
wait_for() {   # SECONDS COMMAND...: poll until COMMAND succeeds
  local limit=$1; shift
  local i=0
  while [ $i -lt "$limit" ]; do "$@" && return 0; sleep 1; i=$((i + 1)); done
  return 1
}
# Note-ons and note-offs in an aseqdump log (a note-on with velocity 0 is a note-off).
count_on() { awk '/Note on/ { if ($NF + 0 > 0) n++ } END { print n + 0 }' "$1"; }
count_off() { awk '/Note off/ { n++ } /Note on/ { if ($NF + 0 == 0) n++ } END { print n + 0 }' "$1"; }
# Notes still sounding at the end of the log: per channel and note, on minus off, never below zero.
still_sounding() {
  awk '/Note on|Note off/ {
         split($0, a, ","); ch = a[1]; sub(/.* /, "", ch); key = ch ":" $(NF - 2);
         off = /Note off/ || $NF + 0 == 0;
         if (off) { if (s[key] > 0) s[key]-- } else s[key]++ }
       END { n = 0; for (k in s) n += s[k]; print n }' "$1"
}

note "guest up after $(uptime_s) s, kernel $(uname -r), $(systemd --version | head -n1)"
work=/root/edgemeta-vmtest
rm -rf "$work"; mkdir -p "$work"; cd "$work"
tar xzf /payload/edgemeta-*.tar.gz
pkg="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'edgemeta-*' | head -n1)"
note "unpacked $(basename "$pkg") after $(uptime_s) s"

# 1. Install before any MIDI device exists: the service is enabled, not running.
check "install.sh runs" "$pkg/install.sh" --in raw:hw:0,0 --out raw:hw:0,0 --profile vm
check "install.sh again is harmless (idempotent)" "$pkg/install.sh" --in raw:hw:0,0 --out raw:hw:0,0 --profile vm
check "system user edgemeta is in the audio group" bash -c 'id -nG edgemeta | grep -qw audio'
check "profiles and sessions belong to edgemeta" bash -c '[ "$(stat -c %U /var/lib/edgemeta/profiles)" = edgemeta ] && [ "$(stat -c %U /var/lib/edgemeta/sessions)" = edgemeta ]'
verify_log=/tmp/verify.log
check "systemd-analyze verify accepts the units" bash -c "[ -f /etc/systemd/system/edgemeta.service ] && systemd-analyze verify /etc/systemd/system/edgemeta*.service > $verify_log 2>&1"
sed 's/^/VMTEST:   verify: /' "$verify_log"
check "service enabled and not running before a keyboard is plugged in" bash -c '[ "$(systemctl is-enabled edgemeta)" = enabled ] && ! systemctl is-active -q edgemeta'

# 2. Plug in: snd-virmidi gives four raw MIDI devices (hw:0,0..3) tied to sequencer ports 16:0..19:0.
modprobe snd-virmidi && modprobe snd-seq-dummy
udevadm settle
check "virtual MIDI devices appeared" test -c /dev/snd/midiC0D0
check "udev rule took effect (audio group, 0660, SYSTEMD_WANTS)" bash -c \
  '[ "$(stat -c %G:%a /dev/snd/midiC0D0)" = audio:660 ] && udevadm info /dev/snd/midiC0D0 | grep -q "E: EDGEMETA_MIDI=1" && udevadm info /dev/snd/midiC0D0 | grep -q "SYSTEMD_WANTS=edgemeta.service"'
plugged=$(uptime_s)
check "plugging in started the service; it reported READY (active) within 300 s" wait_for 300 systemctl is-active -q edgemeta
systemctl is-active -q edgemeta && note "service active $(awk -v a="$plugged" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }') s after plug-in (model load and JIT under software emulation)"
check "the unit runs as Type=notify with a watchdog" bash -c '[ "$(systemctl show -P Type edgemeta)" = notify ] && [ "$(systemctl show -P WatchdogUSec edgemeta)" != 0 ] && [ "$(systemctl show -P WatchdogUSec edgemeta)" != infinity ]'
check "edgemeta devices lists the virtual ports (as the service user)" bash -c 'runuser -u edgemeta -- /opt/edgemeta/edgemeta devices | tee /tmp/devices.log | grep -q "hw:0,0"'
sed 's/^/VMTEST:   devices: /' /tmp/devices.log

# 3. Record what the service sends (it writes hw:0,0, which the sequencer shows as port 16:0).
answers=/tmp/answers.txt
stdbuf -oL aseqdump -p 16:0 > "$answers" 2>&1 &
dump=$!
sleep 1

# 3a. The sequencer path: a performer file played into port 16:0 reaches the service's raw input.
aplaymidi -p 16:0 /payload/folk-jig.mid
check "answer notes came back for the aplaymidi performer" wait_for 120 bash -c "[ \$(awk '/Note on/ { if (\$NF + 0 > 0) n++ } END { print n + 0 }' $answers) -gt 0 ]"
# Let the answer finish: wait until the log stops growing for 3 s.
last=-1; for _ in $(seq 60); do size=$(stat -c %s "$answers"); [ "$size" = "$last" ] && break; last=$size; sleep 3; done
first_on=$(count_on "$answers"); first_off=$(count_off "$answers")
note "after aplaymidi: $first_on answer note-ons, $first_off note-offs"
check "the answer to the aplaymidi performer is balanced (every note-on has its note-off)" test "$(still_sounding "$answers")" -eq 0

# 3b. Raw bytes: amidi writes hw:0,1 (port 17:0), connected to the service's port 16:0.
aconnect 17:0 16:0
for n in 62 64 66 67 69 71 73 74; do
  amidi -p hw:0,1 -S "90 $(printf %02X $n) 50"; sleep 0.25
  amidi -p hw:0,1 -S "80 $(printf %02X $n) 00"; sleep 0.05
done
check "answer notes came back for the raw amidi phrase" wait_for 120 bash -c "[ \$(awk '/Note on/ { if (\$NF + 0 > 0) n++ } END { print n + 0 }' $answers) -gt $first_on ]"
last=-1; for _ in $(seq 60); do size=$(stat -c %s "$answers"); [ "$size" = "$last" ] && break; last=$size; sleep 3; done
note "after amidi: $(count_on "$answers") answer note-ons in all"
check "the answer to the raw phrase is balanced" test "$(still_sounding "$answers")" -eq 0

# 4. Stop in the middle of an answer: every sounding note must be released (note-off, CC 123).
before=$(count_on "$answers")
aplaymidi -p 16:0 /payload/folk-jig.mid
wait_for 120 bash -c "[ \$(awk '/Note on/ { if (\$NF + 0 > 0) n++ } END { print n + 0 }' $answers) -gt $before ]"
systemctl stop edgemeta
sleep 2
kill "$dump" 2>/dev/null; wait "$dump" 2>/dev/null
check "systemctl stop mid-answer left no note sounding" test "$(still_sounding "$answers")" -eq 0
check "the service sent All Notes Off (CC 123) on stop" grep -q "controller 123" "$answers"
check "the service stopped cleanly (not failed)" bash -c '! systemctl is-failed -q edgemeta'
check "the watchdog pings arrived (no watchdog kill, no restart)" bash -c '[ "$(systemctl show -P NRestarts edgemeta)" = 0 ] && ! journalctl -u edgemeta | grep -q "Watchdog timeout"'
check "the session was recorded under /var/lib/edgemeta/sessions" bash -c 'ls /var/lib/edgemeta/sessions/*.mid > /dev/null 2>&1'
check "the performer profile was saved under /var/lib/edgemeta/profiles" bash -c '[ -n "$(ls -A /var/lib/edgemeta/profiles)" ]'

note "journalctl -u edgemeta:"
journalctl -u edgemeta --no-pager -o short-monotonic | head -n 60 | sed 's/^/VMTEST:   journal: /'
note "answers (first lines of aseqdump -p 16:0):"
head -n 12 "$answers" | sed 's/^/VMTEST:   seq: /'

# 5. Uninstall keeps profiles; purge removes everything.
check "install.sh --uninstall keeps profiles" bash -c "'$pkg/install.sh' --uninstall > /dev/null && [ ! -e /opt/edgemeta ] && [ ! -e /etc/systemd/system/edgemeta.service ] && [ -d /var/lib/edgemeta/profiles ]"
check "install.sh --uninstall --purge removes state and user" bash -c "'$pkg/install.sh' --uninstall --purge > /dev/null && [ ! -e /var/lib/edgemeta ] && ! id edgemeta > /dev/null 2>&1"

note "guest finished after $(uptime_s) s"
finish
