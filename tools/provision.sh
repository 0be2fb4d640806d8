#!/usr/bin/env sh
# Installs the system tools `make book` and `make test` need when they are missing (Debian/Ubuntu apt,
# with sudo where not root); elsewhere it prints in one line what to install. Called by the Makefile:
#   sh tools/provision.sh node   Node.js 20 or newer and npm (the site's plotly.js is built from npm)
#   sh tools/provision.sh test   Debian's chromium, CJK fonts and poppler-utils (the browser and print tests)
set -eu
NODE_MIN=20

apt_install() {  # apt_install WHAT PACKAGE...: install with apt, or say what to install and fail
  what=$1; shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing $what: install $* (no apt-get on this system to do it)." >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "Missing $what: run as root 'apt-get install $*' (no sudo here)." >&2
    exit 1
  fi
  echo "Installing $what with apt: $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  [ "$major" -ge "$NODE_MIN" ]
}

case "${1:-}" in
  node)
    node_ok && exit 0
    apt_install "Node.js $NODE_MIN+ and npm" nodejs npm
    node_ok || { echo "Node.js $NODE_MIN or newer is needed, found $(node --version 2>/dev/null || echo none): install a newer Node.js and npm." >&2; exit 1; }
    ;;
  test)
    missing=""
    command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
    { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; } || missing="$missing fonts-noto-cjk"
    command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
    [ -z "$missing" ] && exit 0
    # shellcheck disable=SC2086
    apt_install "test tools (a headless browser, CJK fonts, a PDF reader)" $missing
    ;;
  *)
    echo "usage: sh tools/provision.sh node|test" >&2
    exit 2
    ;;
esac
