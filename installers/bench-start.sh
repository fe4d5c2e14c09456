#!/usr/bin/env bash
# Cold start to "ready": the installed Ingress Lab against ./ingress-lab from the built clone, both running
# `demo --headless` (the sandbox, the chapter's samples, the proxy) from a new, empty data directory each run, so
# every run starts the JVM, the sandbox and the controller from nothing. The time is the wall clock from the
# command's start to its `ready in … s.` line. Runs alternate between the two; the medians and their ratio are
# printed (issue #17's budget: the installed app within 1.5× of the clone). A benchmark, not a CI gate.
#
#   installers/bench-start.sh [RUNS]        (default 5 runs each)
#   INGRESS_LAB_INSTALLED=/path/to/ingress-lab   the installed command (default: ingress-lab on the PATH)
#
# Needs the clone built (./ingress-lab builds it on first use) and the installed copy (the .deb, or a tarball's
# lib/app/ingress-lab). Uses loopback ports from 20000 up that nothing listens on.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
case "$runs" in ''|*[!0-9]*|0) echo "bench-start.sh: RUNS must be a positive number, not '$runs'" >&2; exit 2 ;; esac
installed="${INGRESS_LAB_INSTALLED:-$(command -v ingress-lab || true)}"
[ -n "$installed" ] && [ -x "$installed" ] || {
  echo "bench-start.sh: no installed ingress-lab: install the .deb (installers/build.sh), or set INGRESS_LAB_INSTALLED" >&2
  exit 2; }
clone="$root/ingress-lab"
"$clone" version >/dev/null # builds the clone first when it needs to, outside the measurement

# now in nanoseconds (macOS's date has no %N)
now_ns() { perl -MTime::HiRes=time -e 'printf "%d\n", time * 1e9'; }

free_port() {
  local port=20000
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# seconds from start to "ready in", for one run of: COMMAND demo --headless
measure() {
  local home port pid start now
  home="$(mktemp -d)"
  port="$(free_port)"
  start="$(now_ns)"
  INGRESS_LAB_HOME="$home" "$1" demo --headless --http-port "$port" --log off > "$home/demo.log" 2>&1 &
  pid=$!
  until grep -q '^ready in' "$home/demo.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench-start.sh: $1 demo stopped before it was ready:" >&2; cat "$home/demo.log" >&2; exit 1
    fi
    now="$(now_ns)"
    if [ $(( (now - start) / 1000000000 )) -ge 180 ]; then
      kill -TERM "$pid"; echo "bench-start.sh: $1 demo not ready in 180 s" >&2; exit 1
    fi
    sleep 0.02
  done
  now="$(now_ns)"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  awk -v ns="$((now - start))" 'BEGIN { printf "%.2f\n", ns / 1e9 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "installed: $installed ($("$installed" version | sed -n 's/^runtime: //p'))"
echo "clone:     $clone ($("$clone" version | sed -n 's/^runtime: //p'))"
clone_times=()
installed_times=()
for i in $(seq 1 "$runs"); do
  clone_times+=("$(measure "$clone")")
  installed_times+=("$(measure "$installed")")
  echo "run $i: clone ${clone_times[$((i - 1))]} s, installed ${installed_times[$((i - 1))]} s"
done
clone_median="$(printf '%s\n' "${clone_times[@]}" | median)"
installed_median="$(printf '%s\n' "${installed_times[@]}" | median)"
ratio="$(awk -v a="$installed_median" -v b="$clone_median" 'BEGIN { printf "%.2f", a / b }')"
verdict="$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5 ? "within" : "OVER") }')"
echo "median to ready: clone $clone_median s, installed $installed_median s; ratio $ratio ($verdict the 1.5x budget)"
