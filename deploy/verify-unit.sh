#!/bin/sh
# Checks deploy/edgemeta-box.service with `systemd-analyze verify` (apt-get install systemd if it is missing).
# verify insists that ExecStart's binary exists, so the check runs in a scratch root holding the system's own
# units and an empty stand-in for /opt/edgemeta/edgemeta-box. Any line it prints is a problem: exit 1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system" "$root/opt/edgemeta"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$here/edgemeta-box.service" "$root/etc/systemd/system/"
printf '#!/bin/sh\n' > "$root/opt/edgemeta/edgemeta-box"
chmod +x "$root/opt/edgemeta/edgemeta-box"
out=$(systemd-analyze verify --root="$root" "$root/etc/systemd/system/edgemeta-box.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
    echo "$out"
    exit 1
fi
echo "edgemeta-box.service: systemd-analyze verify found nothing to report"
