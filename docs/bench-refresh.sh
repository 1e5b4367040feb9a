#!/usr/bin/env bash
# Refresh benchmark: 200 feeds x 50 items served from loopback (spread over
# 10 loopback addresses), refreshed cold (empty database) then warm (every
# feed answers 304), by `tidings fetch` and, when it is installed, by
# `newsboat -x reload` on the same feeds. Prints wall time, CPU time and
# peak RSS (GNU time's %M) of each run.
#
#   docs/bench-refresh.sh [FEEDS [ITEMS]]
#
# REPEAT=N runs the warm tidings fetch N times (default 3): on a busy
# machine single wall times vary a lot; CPU time does not.
#
# Needs Go, curl and /usr/bin/time (Debian package "time"); newsboat is optional
# (apt-get install -y newsboat). Nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

feeds=${1:-200}
items=${2:-50}
work=$(mktemp -d)
srv=
cleanup() {
	if [ -n "$srv" ]; then kill "$srv" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x /usr/bin/time ]; then
	echo "bench-refresh: /usr/bin/time is missing (apt-get install -y time)" >&2
	exit 1
fi

go build -o "$work/tidings" ./cmd/tidings
go build -o "$work/benchserver" ./feed/refresh/internal/benchserver
"$work/benchserver" -feeds "$feeds" -items "$items" -hosts 10 -dir "$work" &
srv=$!
for _ in $(seq 100); do [ -f "$work/ready" ] && break; sleep 0.1; done
[ -f "$work/ready" ] || { echo "bench-refresh: the feed server did not start" >&2; exit 1; }

# measure LABEL CMD...: one line of figures for one run.
measure() {
	local label=$1
	shift
	/usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >"$work/out" 2>"$work/err" || {
		echo "bench-refresh: $label failed:" >&2
		cat "$work/err" "$work/out" >&2
		exit 1
	}
	read -r wall user sys rss <"$work/time"
	# What the server answered during this run: full feeds and 304s.
	read -r _ full _ notmod < <(curl -s "$(head -1 "$work/ready")/stats")
	printf '%-34s %7.2f s wall  %6.2f s CPU  %6.1f MB peak RSS  (%d full, %d 304)\n' "$label" "$wall" \
		"$(echo "$user + $sys" | bc)" "$(echo "scale=1; $rss / 1024" | bc)" \
		$((full - last_full)) $((notmod - last_notmod))
	last_full=$full last_notmod=$notmod
}
last_full=0 last_notmod=0

echo "$feeds feeds x $items items from loopback; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

export TIDINGS_CONFIG="$work/config.toml" TIDINGS_DB="$work/tidings.db" XDG_STATE_HOME="$work/state"
measure "tidings fetch (cold)" "$work/tidings" fetch
grep -q "$feeds of $feeds feeds fetched" "$work/out" || { cat "$work/out"; exit 1; }
for i in $(seq "${REPEAT:-3}"); do
	measure "tidings fetch (warm, all 304) #$i" "$work/tidings" fetch
	grep -q "$feeds unchanged" "$work/out" || { cat "$work/out"; exit 1; }
done

if command -v newsboat >/dev/null; then
	mkdir -p "$work/nb"
	for threads in 1 8; do
		printf 'reload-threads %d\n' "$threads" >"$work/nb/config"
		rm -f "$work/nb/cache.db"
		nb=(newsboat -u "$work/urls" -c "$work/nb/cache.db" -C "$work/nb/config" -x reload)
		measure "newsboat -x reload (cold, $threads thr)" "${nb[@]}"
		measure "newsboat -x reload (warm, $threads thr)" "${nb[@]}"
	done
	echo "($(newsboat -v | head -1))"
else
	echo "newsboat is not installed: apt-get install -y newsboat to compare"
fi
