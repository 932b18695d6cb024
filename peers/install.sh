#!/usr/bin/env bash
# Installs the independent protocol peers the interop tests talk to (node-opcua, @bacnet-js/client, the onvif client, playwright-core), or fails at once saying what is missing:
# npm packages into peers/node_modules (pinned by package-lock.json), Mosquitto, PostgreSQL and Chromium (the console's
# browser tests) from Debian when running as root.
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "peers: $*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js is missing; install Node.js 20 (Debian: apt-get install nodejs npm)"
command -v npm >/dev/null || fail "npm is missing; install it (Debian: apt-get install npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || fail "Node.js $node_major is too old for node-opcua 2.182.2; install Node.js 18 or 20"

# npm ci only when the lock changed since the last install, so repeated builds stay fast.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.yakata-installed-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.yakata-installed-lock
fi

# The broker, mosquitto_passwd (package mosquitto) and mosquitto_pub/_sub (package mosquitto-clients).
if ! { command -v mosquitto || [ -x /usr/sbin/mosquitto ]; } >/dev/null || ! command -v mosquitto_pub >/dev/null \
    || ! command -v mosquitto_passwd >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "peers: installing Mosquitto from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto mosquitto-clients >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto mosquitto-clients >/dev/null; } \
      || fail "could not install Mosquitto; install it yourself (apt-get install mosquitto mosquitto-clients)"
  else
    fail "Mosquitto is missing; install it (Debian: sudo apt-get install mosquitto mosquitto-clients)"
  fi
fi
# PostgreSQL's server programs (initdb, pg_ctl): the store's outage tests start a database of their own on a free
# port. Debian keeps them in a versioned folder, not on PATH; the tests look in both places.
pg_bin() { command -v initdb >/dev/null && return 0; ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if ! pg_bin; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "peers: installing PostgreSQL from Debian packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; } \
      || fail "could not install PostgreSQL; install it yourself (apt-get install postgresql)"
  else
    fail "PostgreSQL's initdb and pg_ctl are missing; install them (Debian: sudo apt-get install postgresql)"
  fi
fi
id postgres >/dev/null 2>&1 || [ "$(id -u)" != 0 ] \
  || fail "user postgres is missing (initdb refuses to run as root); reinstall Debian's postgresql package"
# Chromium for the console's browser tests (driven by playwright-core, which downloads no browser of its own), and a
# Japanese font so the screenshots they keep show the console's Japanese rather than empty boxes.
if ! command -v chromium >/dev/null || ! [ -d /usr/share/fonts/opentype/ipafont-gothic ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "peers: installing Chromium and a Japanese font from Debian packages (about 115 MB)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-ipafont-gothic >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-ipafont-gothic >/dev/null; } \
      || fail "could not install Chromium; install it yourself (apt-get install chromium fonts-ipafont-gothic)"
  else
    fail "Chromium or a Japanese font is missing (the console's browser tests); install them (Debian: sudo apt-get install chromium fonts-ipafont-gothic)"
  fi
fi
command -v openssl >/dev/null || fail "openssl is missing (the MQTT TLS tests make their certificates with it); apt-get install openssl"
echo "peers: node $(node --version), node-opcua $(node -p 'require("node-opcua/package.json").version'),"\
  "@bacnet-js/client $(node -p 'require("@bacnet-js/client/package.json").version'),"\
  "onvif $(node -p 'require("onvif/package.json").version'), playwright-core $(node -p 'require("playwright-core/package.json").version'), $(chromium --version 2>/dev/null | head -1), $( (mosquitto -h 2>/dev/null || /usr/sbin/mosquitto -h) | head -1)"
