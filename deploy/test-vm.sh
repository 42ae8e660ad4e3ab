#!/usr/bin/env bash
# A real Linux box in a VM: boots Debian 12 (systemd, udev, alsa-utils, Debian's 6.1 kernel) under
# qemu-system-x86_64 with software emulation, installs the x64 tarball with install.sh, and checks the service on
# the kernel's virtual MIDI devices (deploy/vm/guest-test.sh has the checks). The guest image is built once by
# deploy/vm/build-rootfs.sh and cached in ~/.cache/edgemeta/vm (EDGEMETA_VM_CACHE to move it).
#
#   deploy/test-vm.sh            exit 0 when every guest check passed, 1 when one failed,
#                                77 when the test cannot run here (the reason is printed)
#
# -accel tcg, not kvm: /dev/kvm exists on these machines but a guest kernel hangs right after "Probing EDD"
# under KVM. One virtual CPU, since the host's two cores are shared.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
began=$(date +%s)

cannot() { echo "vm test: NOT RUN: $*"; exit 77; }

# What it needs, installed with apt-get where possible.
if [ "$(id -u)" -ne 0 ]; then cannot "needs root (debootstrap builds the guest's root filesystem)"; fi
need=()
command -v debootstrap > /dev/null || need+=(debootstrap)
command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
command -v mkfs.ext4 > /dev/null || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
  # qemu from bookworm-backports (10), the version this test was written against and the one test-arm64.sh's
  # qemu-user-static brings along; mixing it with bookworm's 7.2 qemu-system packages does not install.
  if . /etc/os-release && [ "${VERSION_CODENAME:-}" = bookworm ] \
     && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    mirror="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "${mirror:-http://deb.debian.org/debian}" > /etc/apt/sources.list.d/edgemeta-backports.sources
  fi
  backports=()
  if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then backports=(-t bookworm-backports); fi
  echo "vm test: apt-get install ${backports[*]} ${need[*]}"
  apt-get update -qq > /dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${backports[@]}" "${need[@]}" > /dev/null 2>&1 \
    || cannot "apt-get could not install ${need[*]}"
fi

work="$(mktemp -d /var/tmp/edgemeta-vmtest.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The guest image (cached) and the tarball under test.
if ! bash deploy/vm/build-rootfs.sh > "$work/rootfs.out" 2>&1; then
  cat "$work/rootfs.out"
  cannot "the guest image could not be built (debootstrap needs the Debian mirror; its output is above)"
fi
sed '$d' "$work/rootfs.out"          # what it did; the last line is the image's folder
guest="$(tail -n1 "$work/rootfs.out")"
[ -f "$guest/ready" ] || cannot "the guest image at '$guest' is incomplete"
bash deploy/publish.sh x64 --out "$work/dist" | sed 's/^/vm test: /'

# The second disk: tarball, the guest's test and the performer file.
mkdir -p "$work/payload"
cp "$work"/dist/edgemeta-*.tar.gz "$work/payload/"
cp deploy/vm/guest-test.sh "$work/payload/"
cp examples/folk-jig.mid "$work/payload/"
mkfs.ext4 -q -L edgemeta-payload -d "$work/payload" "$work/payload.img" $(( $(du -sm "$work/payload" | cut -f1) + 32 ))M

qemu_version="$(qemu-system-x86_64 --version | head -n1)"
echo "vm test: booting $(basename "$guest") with $qemu_version, -accel tcg -smp 1 -m 1536 (software emulation)"
booted=$(date +%s)
status=0
timeout 1800 qemu-system-x86_64 -accel tcg -smp 1 -m 1536 -nic none -display none -monitor none -no-reboot \
  -serial "file:$work/serial.log" \
  -kernel "$guest/vmlinuz" -initrd "$guest/initrd.img" \
  -append "root=/dev/vda rw console=ttyS0 panic=-1 quiet loglevel=3 systemd.show_status=false" \
  -drive "file=$guest/rootfs.img,format=raw,if=virtio,snapshot=on" \
  -drive "file=$work/payload.img,format=raw,if=virtio" || status=$?
ended=$(date +%s)
log="${EDGEMETA_VM_LOG:-/var/tmp/edgemeta-vmtest-serial.log}"
cp "$work/serial.log" "$log"
# The guest's test log is on the payload disk; debugfs reads it without mounting.
debugfs -R "cat /guest.log" "$work/payload.img" 2>/dev/null | tr -d '\r' > "$work/guest.log" || true
cp "$work/guest.log" "${log%.log}-guest.log"

grep -a '^VMTEST' "$work/guest.log" | sed 's/^VMTEST:\{0,1\} \{0,1\}/vm guest: /'
if [ $status -eq 124 ]; then echo "vm test: the guest did not power off within 30 minutes"; fi
result="$(grep -a '^VMTEST RESULT' "$work/guest.log" | tail -n1 || true)"
echo "vm test: guest ran $(( ended - booted )) s, whole test $(( ended - began )) s (logs: $log, ${log%.log}-guest.log)"
if [ -z "$result" ]; then
  echo "vm test: FAILED: the guest test did not finish (last lines of its log and of the serial console below)"
  tail -n 20 "$work/guest.log"
  tr -d '\r' < "$work/serial.log" | tail -n 20
  exit 1
fi
if echo "$result" | grep -q ' 0 failed'; then
  echo "vm test: PASSED"
  exit 0
fi
echo "vm test: FAILED"
exit 1
