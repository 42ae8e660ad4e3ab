#!/usr/bin/env bash
# Builds (once) the Debian 12 guest that deploy/test-vm.sh boots: a debootstrap root filesystem with systemd,
# udev, alsa-utils and Debian's kernel, packed into an ext4 image, plus that kernel and its initramfs beside it.
# The result is cached under $EDGEMETA_VM_CACHE (default ~/.cache/edgemeta/vm), keyed by this file's hash, so a
# changed recipe builds a new image and an unchanged one is reused. Prints the cache folder on its last line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cache="${EDGEMETA_VM_CACHE:-$HOME/.cache/edgemeta/vm}"
key="$(sha256sum "$here/build-rootfs.sh" | cut -c1-12)"
out="$cache/bookworm-$key"

if [ -f "$out/ready" ]; then
  echo "vm: cached guest image $out"
  echo "$out"
  exit 0
fi

# The same Debian mirror this machine's apt uses (deb822 or one-line sources), deb.debian.org otherwise.
mirror="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
if [ -z "$mirror" ]; then
  mirror="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

mkdir -p "$cache"
work="$(mktemp -d "$cache/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

echo "vm: debootstrap bookworm from $mirror (a few minutes, once)"
debootstrap --variant=minbase \
  --include=systemd,systemd-sysv,udev,dbus,kmod,procps,alsa-utils,linux-image-amd64,initramfs-tools,e2fsprogs \
  bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log"; exit 1; }

echo edgemeta-vm > "$root/etc/hostname"
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' > "$root/etc/fstab"
# No network in the guest, and no waiting for it.
ln -sf /dev/null "$root/etc/systemd/system/systemd-networkd-wait-online.service"
# The serial console belongs to the test's output, not a login prompt.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"

# The guest runs whatever test the host hands it on a second disk (/dev/vdb, label edgemeta-payload), prints to
# the serial console, and powers off. Keeping the test off the image lets the image stay cached.
cat > "$root/etc/systemd/system/edgemeta-vmtest.service" <<'UNIT'
[Unit]
Description=EdgeMeta VM test (runs /payload/guest-test.sh from the second disk)
After=multi-user.target systemd-udevd.service
ConditionPathExists=/dev/vdb

[Service]
Type=oneshot
ExecStartPre=/bin/mkdir -p /payload
ExecStartPre=/bin/mount /dev/vdb /payload
ExecStart=/bin/bash /payload/guest-test.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
ExecStopPost=/bin/systemctl --no-block poweroff
TimeoutStartSec=1500

[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/edgemeta-vmtest.service "$root/etc/systemd/system/multi-user.target.wants/edgemeta-vmtest.service"

# Drop what a test guest never needs, so the image stays small.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*

mkdir -p "$work/out"
cp "$root"/boot/vmlinuz-* "$work/out/vmlinuz"
cp "$root"/boot/initrd.img-* "$work/out/initrd.img"
size_mb=$(( $(du -sm "$root" | cut -f1) + 768 ))
mkfs.ext4 -q -L edgemeta-root -d "$root" "$work/out/rootfs.img" "${size_mb}M"
touch "$work/out/ready"
rm -rf "$out"
mv "$work/out" "$out"
# Images of older recipes are never used again.
find "$cache" -maxdepth 1 -type d -name 'bookworm-*' ! -path "$out" -exec rm -rf {} +
echo "vm: built guest image $out ($(du -sh "$out" | cut -f1))"
echo "$out"
