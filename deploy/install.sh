#!/usr/bin/env bash
# Installs EdgeMeta on a Debian-based device (Raspberry Pi OS, Jetson Linux, Debian) from an unpacked
# edgemeta-VERSION-RID.tar.gz (made by deploy/publish.sh). Run it as root from the unpacked folder.
#
#   sudo ./install.sh [--in PORT] [--out PORT] [--profile NAME] [--box] [--no-start]
#   sudo ./install.sh --uninstall [--purge]
#   ./install.sh --root DIR ...        install into DIR as if it were / (tests, image builders); runs no systemctl
#
# What it puts where:
#   /opt/edgemeta/                     the self-contained edgemeta (and edgemeta-box) and models/default, root-owned
#   /usr/local/bin/edgemeta            a link to /opt/edgemeta/edgemeta
#   /etc/edgemeta/edgemeta.env         the service's settings (kept across reinstalls; --in/--out/--profile change them)
#   /var/lib/edgemeta/{profiles,sessions}   performer profiles and recorded sessions, owned by the edgemeta user
#   /etc/systemd/system/edgemeta.service (and edgemeta-box.service when the tarball has the box)
#   /etc/udev/rules.d/60-edgemeta-midi.rules   USB-MIDI access; plugging a MIDI device in starts the service
# Running it again is safe: the program is replaced, settings, profiles and sessions are kept.
# --uninstall removes the program, units and rule and keeps /etc/edgemeta and /var/lib/edgemeta; --purge removes
# those too, and the edgemeta user.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root=""
mode=install
purge=false
box=false
start=true
set_in="" set_out="" set_profile=""

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || fail "--root needs a folder"; root="$(realpath -m "$2")"; shift 2 ;;
    --uninstall) mode=uninstall; shift ;;
    --purge) purge=true; shift ;;
    --box) box=true; shift ;;
    --no-start) start=false; shift ;;
    --in) [ $# -ge 2 ] || fail "--in needs a port"; set_in="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || fail "--out needs a port"; set_out="$2"; shift 2 ;;
    --profile) [ $# -ge 2 ] || fail "--profile needs a name"; set_profile="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done
if $purge && [ "$mode" != uninstall ]; then fail "--purge goes with --uninstall"; fi

user=edgemeta
opt="$root/opt/edgemeta"
etc="$root/etc/edgemeta"
state="$root/var/lib/edgemeta"
units="$root/etc/systemd/system"
rules="$root/etc/udev/rules.d"
link="$root/usr/local/bin/edgemeta"
is_root() { [ "$(id -u)" -eq 0 ]; }
live() { [ -z "$root" ]; }   # installing onto this system (not into a --root folder)

if live && ! is_root; then fail "run as root (sudo ./install.sh), or give --root DIR"; fi

# systemctl and udevadm only on the live system; in a --root folder say what would have run.
system() {
  if live; then "$@"; else echo "install.sh: (--root) not run: $*"; fi
}

ensure_user() {
  if ! is_root; then
    echo "install.sh: not root: system user '$user' not created, files stay owned by $(id -un)"
    return
  fi
  local prefix=()
  if ! live; then
    if [ ! -f "$root/etc/passwd" ]; then
      echo "install.sh: $root/etc/passwd does not exist: system user '$user' not created"
      return
    fi
    prefix=(--prefix "$root")
  fi
  if grep -q "^$user:" "$root/etc/passwd" 2>/dev/null; then
    usermod "${prefix[@]}" -a -G audio "$user"
  else
    grep -q '^audio:' "$root/etc/group" || groupadd "${prefix[@]}" --system audio
    useradd "${prefix[@]}" --system --user-group --groups audio --home-dir /var/lib/edgemeta --no-create-home \
      --shell /usr/sbin/nologin --comment "EdgeMeta service" "$user"
  fi
  # The box's buttons, knob and display: Raspberry Pi OS gives /dev/gpiochip* and /dev/i2c-* to these groups.
  local g
  for g in gpio i2c; do
    if grep -q "^$g:" "$root/etc/group"; then usermod "${prefix[@]}" -a -G "$g" "$user"; fi
  done
}

owner() {   # "edgemeta:edgemeta" when that user exists in the target, else leave ownership alone
  if is_root && grep -q "^$user:" "$root/etc/passwd" 2>/dev/null; then
    local uid gid
    uid="$(awk -F: -v u="$user" '$1 == u {print $3}' "$root/etc/passwd")"
    gid="$(awk -F: -v u="$user" '$1 == u {print $4}' "$root/etc/passwd")"
    echo "$uid:$gid"
  fi
}

set_setting() {   # KEY VALUE: replace or append KEY=VALUE in edgemeta.env
  local file="$etc/edgemeta.env" key="$1" value="$2"
  if grep -q "^$key=" "$file"; then
    sed -i "s|^$key=.*|$key=$value|" "$file"
  else
    echo "$key=$value" >> "$file"
  fi
}

install_files() {
  [ -x "$here/app/edgemeta" ] || fail "$here/app/edgemeta not found: run install.sh from an unpacked edgemeta-VERSION-RID.tar.gz"
  [ -f "$here/app/models/default/manifest.json" ] || fail "$here/app/models/default/manifest.json not found: the tarball has no model"
  [ -f "$here/units/edgemeta.service" ] || fail "$here/units/edgemeta.service not found"
  local has_box=false
  if [ -x "$here/app/edgemeta-box" ] && [ -f "$here/units/edgemeta-box.service" ]; then has_box=true; fi
  if $box && ! $has_box; then fail "--box: this tarball has no edgemeta-box and units/edgemeta-box.service"; fi

  ensure_user
  local own; own="$(owner)"

  # The program: copy beside the old one, then swap, so a failed copy never leaves half an install.
  mkdir -p "$root/opt" "$(dirname "$link")"
  rm -rf "$opt.new"
  cp -a "$here/app" "$opt.new"
  [ -f "$here/README.md" ] && install -m 0644 "$here/README.md" "$opt.new/README.md"
  [ -f "$here/VERSION" ] && install -m 0644 "$here/VERSION" "$opt.new/VERSION"
  if is_root; then chown -R 0:0 "$opt.new"; fi
  chmod -R u=rwX,go=rX "$opt.new"
  chmod 0755 "$opt.new/edgemeta"
  if $has_box; then chmod 0755 "$opt.new/edgemeta-box"; fi
  rm -rf "$opt.old"
  if [ -e "$opt" ]; then mv "$opt" "$opt.old"; fi
  mv "$opt.new" "$opt"
  rm -rf "$opt.old"
  ln -sfn /opt/edgemeta/edgemeta "$link"

  # State: created once, never replaced.
  install -d -m 0755 "$root/var/lib"
  for d in "$state" "$state/profiles" "$state/sessions"; do
    install -d -m 0750 "$d"
    if [ -n "$own" ]; then chown "$own" "$d"; fi
  done

  # Settings: written once; an existing file keeps the user's edits.
  install -d -m 0755 "$etc"
  if [ ! -f "$etc/edgemeta.env" ]; then
    cat > "$etc/edgemeta.env" <<'ENV'
# Settings for edgemeta.service (see /opt/edgemeta/README.md). `edgemeta devices` lists the ports.
EDGEMETA_IN=raw:hw:1,0
EDGEMETA_OUT=raw:hw:1,0
EDGEMETA_PROFILE=house
EDGEMETA_MODEL=/opt/edgemeta/models/default
# More `edgemeta play` options, e.g. --mode continue --temperature 0.9
EDGEMETA_ARGS=
ENV
    chmod 0644 "$etc/edgemeta.env"
  fi
  if [ -n "$set_in" ]; then set_setting EDGEMETA_IN "$set_in"; fi
  if [ -n "$set_out" ]; then set_setting EDGEMETA_OUT "$set_out"; fi
  if [ -n "$set_profile" ]; then set_setting EDGEMETA_PROFILE "$set_profile"; fi

  # Units and the udev rule. With --box the box service owns the keyboard, so plug-in starts that one.
  install -d -m 0755 "$units" "$rules"
  install -m 0644 "$here/units/edgemeta.service" "$units/edgemeta.service"
  if $has_box; then install -m 0644 "$here/units/edgemeta-box.service" "$units/edgemeta-box.service"; fi
  local wanted=edgemeta.service
  if $box; then wanted=edgemeta-box.service; fi
  sed "s|ENV{SYSTEMD_WANTS}+=\"edgemeta.service\"|ENV{SYSTEMD_WANTS}+=\"$wanted\"|" \
    "$here/udev/60-edgemeta-midi.rules" > "$rules/60-edgemeta-midi.rules"
  chmod 0644 "$rules/60-edgemeta-midi.rules"

  system systemctl daemon-reload
  system udevadm control --reload
  if $box; then
    system systemctl disable --now edgemeta.service
    system systemctl enable edgemeta-box.service
  else
    if $has_box; then system systemctl disable --now edgemeta-box.service; fi
    system systemctl enable edgemeta.service
  fi
  if $start; then
    # A reinstall restarts a running service on the new program; a keyboard already plugged in starts it now.
    system systemctl try-restart "$wanted"
    system udevadm trigger --subsystem-match=sound --action=add
  fi
  echo "install.sh: installed $(cat "$opt/VERSION" 2>/dev/null || echo edgemeta) into ${root:-/} (service $wanted)"
}

uninstall_files() {
  for unit in edgemeta.service edgemeta-box.service; do
    if [ -f "$units/$unit" ]; then system systemctl disable --now "$unit"; fi
    rm -f "$units/$unit"
  done
  rm -f "$rules/60-edgemeta-midi.rules" "$link"
  rm -rf "$opt" "$opt.new" "$opt.old"
  system systemctl daemon-reload
  system udevadm control --reload
  if $purge; then
    rm -rf "$etc" "$state"
    if is_root && grep -q "^$user:" "$root/etc/passwd" 2>/dev/null; then
      if live; then userdel "$user"; else userdel --prefix "$root" "$user"; fi
    fi
    echo "install.sh: removed EdgeMeta, its settings, profiles, sessions and user from ${root:-/}"
  else
    echo "install.sh: removed EdgeMeta from ${root:-/}; kept ${etc#"$root"} and ${state#"$root"} (profiles, sessions); --purge removes them"
  fi
}

case "$mode" in
  install) install_files ;;
  uninstall) uninstall_files ;;
esac
