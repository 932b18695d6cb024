#!/usr/bin/env bash
# Cold start of the demo hub to "all demo devices ONLINE", and its resident memory once settled.
# Usage: benchmarks/coldstart.sh [settle-seconds]   (after `mvn -B install -DskipTests`)
# Unpacks a fresh copy of the distribution each run, so nothing is cached in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
settle=${1:-60}
keep=${KEEP:-}
dist=$(ls distribution/target/yakata-distribution-*.tar.gz)
expected=$(ls config/etc/dev.yakata.device-*.cfg | wc -l)
work=$(mktemp -d)
stop_hub() {
  pkill -f "karaf.home=$home" 2>/dev/null || true
  for _ in $(seq 50); do pgrep -f "karaf.home=$home" >/dev/null || break; sleep 0.2; done
  [ -n "$keep" ] && echo "kept $work" || rm -rf "$work"
}
tar xzf "$dist" -C "$work"
home=$(ls -d "$work"/yakata-distribution-*)
trap stop_hub EXIT
# A port of its own so a hub already running here does not collide.
sed -i "s/^sshPort = .*/sshPort = 18101/" "$home/etc/org.apache.karaf.shell.cfg"

start=$(date +%s%N)
"$home/bin/yakata" server > "$work/console.log" 2>&1 &
pid=$!
log="$home/data/log/karaf.log"
while true; do
  online=$( (grep -o "Device '[^']*' is ONLINE" "$log" 2>/dev/null || true) | sort -u | wc -l)
  [ "$online" -ge "$expected" ] && break
  [ $(( ($(date +%s%N) - start) / 1000000000 )) -gt 120 ] && { echo "not all devices ONLINE after 120 s"; exit 1; }
  sleep 0.1
done
echo "cold start to all $expected demo devices ONLINE: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep "$settle"
java_pid=$(pgrep -f "karaf.home=$home" | head -1)
echo "resident memory after ${settle} s: $(( $(ps -o rss= -p "$java_pid") / 1024 )) MB (JAVA_MAX_MEM=${JAVA_MAX_MEM:-256M} from bin/yakata)"
