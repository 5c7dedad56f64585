#!/usr/bin/env bash
# Runs a command with a real Secret Service: inside its own D-Bus session with an unlocked gnome-keyring.
# Even on a desktop with its own keyring, tests get a throwaway one, so they never touch the user's real token.
# On macOS and Windows the command runs as it is (tests use their own keychain service name there).
set -euo pipefail
if [ -n "${SRT_COMPANION_KEYRING_READY:-}" ] || [ "$(uname -s)" != "Linux" ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing; install it (Debian: apt-get install dbus gnome-keyring) or run inside a desktop session." >&2
    exit 3
  fi
done
# A throwaway keyring home, so tests never touch the user's real login keyring.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
export SRT_COMPANION_KEYRING_READY=1
exec dbus-run-session -- bash -c 'echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' with-keyring "$@"
