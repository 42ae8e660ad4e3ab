#!/usr/bin/env bash
# Installs what EdgeMeta needs on a fresh Debian 12 / Ubuntu 22.04+ machine and builds it.
#   scripts/setup.sh             check the .NET SDK, install apt packages, build the CLIs
#   scripts/setup.sh --deps-only check the .NET SDK and install apt packages only
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed (dotnet not on PATH)." >&2
  echo "       Install it from Microsoft's packages (https://learn.microsoft.com/dotnet/core/install/linux-debian)," >&2
  echo "       then run this command again." >&2
  exit 1
fi
sdk_major=$(dotnet --version | cut -d. -f1)
if [ "$sdk_major" -lt 10 ]; then
  echo "error: .NET SDK $(dotnet --version) found; EdgeMeta needs 10 or newer." >&2
  exit 1
fi

# Debian packages: libasound2 (ALSA sequencer ports), midicsv (a second MIDI reader the tests compare against),
# fluidsynth + a General MIDI soundfont (optional: render responses to WAV).
packages=(midicsv)
# libasound2 was renamed libasound2t64 in Debian 13 / Ubuntu 24.04; take whichever this release has.
if apt-cache show libasound2t64 >/dev/null 2>&1; then packages+=(libasound2t64); else packages+=(libasound2); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || echo "warning: could not install ${missing[*]} (optional)" >&2
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null || echo "warning: could not install ${missing[*]} (optional)" >&2
  else
    echo "warning: optional packages missing (${missing[*]}); install them with apt-get as root" >&2
  fi
fi

if [ "${1:-}" = "--deps-only" ]; then
  exit 0
fi

# The two command lines: edgemeta (device runtime) and edgemeta-train (workstation tools).
dotnet build src/EdgeRuntime/Cli/Cli.csproj -c Release -v quiet -nologo
dotnet build src/Trainer/Trainer.csproj -c Release -v quiet -nologo
