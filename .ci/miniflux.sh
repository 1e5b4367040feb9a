#!/usr/bin/env bash
# Starts a real Miniflux on loopback for the sync tests, in a temporary
# folder: PostgreSQL from Debian's packages, Miniflux built from its Go
# module at a pinned version, an admin user with an API key, and its Google
# Reader API turned on. It prints the environment the tests read, as
# `export NAME=value` lines, and leaves both servers running; `stop` with
# the folder ends them.
#
#   eval "$(.ci/miniflux.sh start)"    # as root, or as a user who can run postgres
#   go test ./feed/remote -run Miniflux
#   .ci/miniflux.sh stop "$TIDINGS_MINIFLUX_DIR"
#
# Miniflux fetches the feeds the tests serve on loopback, so it is allowed
# to reach private addresses (FETCHER_ALLOW_PRIVATE_NETWORKS).
set -euo pipefail

MINIFLUX_VERSION=v2.3.5 # miniflux.app/v2

log() { echo "miniflux.sh: $*" >&2; }

stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/miniflux.pid" ]; then
		kill "$(cat "$dir/miniflux.pid")" 2>/dev/null || true
	fi
	if [ -d "$dir/pg" ]; then
		as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

pg_bin() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	[ -n "$d" ] || { log "PostgreSQL's programs are missing"; return 1; }
	echo "$d"
}

# as_pg runs a command as the postgres user when this is root: PostgreSQL
# refuses to run as root.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 20000))
}

start() {
	if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
		[ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed and this is not root"; exit 1; }
		log "installing PostgreSQL"
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	fi
	local gobin miniflux
	gobin=$(go env GOPATH)/bin
	miniflux=$gobin/miniflux.app
	# -version says "2.3.x-dev" for a module build: the module line is exact.
	if ! go version -m "$miniflux" 2>/dev/null | grep -q "mod[[:space:]]*miniflux.app/v2[[:space:]]*$MINIFLUX_VERSION[[:space:]]"; then
		log "building Miniflux $MINIFLUX_VERSION (a few minutes)"
		# Outside tidings' module, so that its go.mod is left as it is.
		(cd / && GOFLAGS= go install "miniflux.app/v2@$MINIFLUX_VERSION")
	fi

	local dir pgport port
	dir=$(mktemp -d /tmp/tidings-miniflux.XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	pgport=$(free_port)
	port=$(free_port)
	while [ "$port" = "$pgport" ]; do port=$(free_port); done

	as_pg "$(pg_bin)/initdb" -D "$dir/pg" -U postgres -A trust >/dev/null
	as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $pgport -k $dir -c fsync=off" start >/dev/null
	as_pg "$(pg_bin)/createdb" -h 127.0.0.1 -p "$pgport" -U postgres miniflux

	local user=admin password
	password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/miniflux?sslmode=disable" \
		RUN_MIGRATIONS=1 CREATE_ADMIN=1 ADMIN_USERNAME=$user ADMIN_PASSWORD=$password \
		LISTEN_ADDR=127.0.0.1:$port BASE_URL=http://127.0.0.1:$port/ \
		FETCHER_ALLOW_PRIVATE_NETWORKS=1 POLLING_FREQUENCY=1440 WORKER_POOL_SIZE=2 \
		LOG_LEVEL=warning \
		nohup "$miniflux" >"$dir/miniflux.log" 2>&1 </dev/null &
	echo $! >"$dir/miniflux.pid"

	local i
	for i in $(seq 1 100); do
		curl -fsS "http://127.0.0.1:$port/healthcheck" >/dev/null 2>&1 && break
		sleep 0.2
	done
	curl -fsS "http://127.0.0.1:$port/healthcheck" >/dev/null || {
		log "Miniflux did not start: $(tail -5 "$dir/miniflux.log")"
		stop "$dir"
		exit 1
	}
	local token
	token=$(curl -fsS -u "$user:$password" -H 'Content-Type: application/json' \
		-d '{"description":"tidings tests"}' "http://127.0.0.1:$port/v1/api-keys" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || { log "could not create an API key"; stop "$dir"; exit 1; }
	# The Google Reader API has its own user and password, kept as a bcrypt
	# hash like the account's own: the same password serves both.
	as_pg "$(pg_bin)/psql" -q -h 127.0.0.1 -p "$pgport" -U postgres -d miniflux -c \
		"UPDATE integrations SET googlereader_enabled = true, googlereader_username = '$user',
		 googlereader_password = (SELECT password FROM users WHERE username = '$user')" >/dev/null

	cat <<EOF
export TIDINGS_MINIFLUX_URL=http://127.0.0.1:$port
export TIDINGS_MINIFLUX_USER=$user
export TIDINGS_MINIFLUX_PASSWORD=$password
export TIDINGS_MINIFLUX_TOKEN=$token
export TIDINGS_MINIFLUX_DIR=$dir
EOF
}

case "${1:-}" in
start) start ;;
stop) stop "${2:?give the folder start printed as TIDINGS_MINIFLUX_DIR}" ;;
*)
	echo "usage: $0 start | stop DIR" >&2
	exit 2
	;;
esac
