#!/usr/bin/env bash
# Make sure the test stack is there: the Debian packages the project needs, PostgreSQL and Redis.
#
# Used by `make test` and .ci/run. As root on Debian it installs what is missing (apt-get update
# runs once, and only when something is missing) and starts a stopped server; elsewhere it only
# checks, and stops with a message saying what to start. The servers are found through
# DATABASE_URL and REDIS_URL (defaults: postgres://postgres@127.0.0.1:5432/egov and
# redis://127.0.0.1:6379/0), as the settings read them.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/egov}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"

# Libraries and tools the code and tests use: Chromium (browser tests), zbar (barcodes), poppler
# (PDF checks), CJK fonts (PDF rendering), harfbuzz-subset (WeasyPrint font subsetting), gettext
# (compilemessages), nginx (serving the published site), wrk (load tests).
PROJECT_PACKAGES=(chromium libzbar0 poppler-utils fonts-noto-cjk libharfbuzz-subset0 gettext nginx wrk)

say() { printf 'ensure-services: %s\n' "$*"; }
die() { printf 'ensure-services: ERROR: %s\n' "$*" >&2; exit 1; }

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v dpkg >/dev/null; }

missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || printf '%s\n' "$pkg"
    done
}

APT_UPDATED=0
apt_install() {
    [ "$#" -gt 0 ] || return 0
    if [ "$APT_UPDATED" = 0 ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    say "installing: $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# host and port out of scheme://user:pass@host:port/name
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; printf '%s' "${rest%:*}"; }
url_port() {
    local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"
    if [[ "$rest" == *:* ]]; then printf '%s' "${rest##*:}"; else printf '%s' "$2"; fi
}
reachable() { timeout 3 bash -c ">/dev/tcp/$1/$2" 2>/dev/null; }
is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

wait_for() {  # host port seconds
    local i
    for ((i = 0; i < $3 * 2; i++)); do
        reachable "$1" "$2" && return 0
        sleep 0.5
    done
    return 1
}

# --- Debian packages ------------------------------------------------------------------------
if can_install; then
    mapfile -t missing < <(missing_packages "${PROJECT_PACKAGES[@]}")
    apt_install "${missing[@]}"
else
    mapfile -t missing < <(command -v dpkg >/dev/null && missing_packages "${PROJECT_PACKAGES[@]}")
    [ "${#missing[@]}" = 0 ] || say "warning: not installed (run as root to install): ${missing[*]}"
fi

# --- PostgreSQL -----------------------------------------------------------------------------
PG_HOST="$(url_host "$DATABASE_URL")"
PG_PORT="$(url_port "$DATABASE_URL" 5432)"
if ! reachable "$PG_HOST" "$PG_PORT"; then
    # Only the machine's own server on its standard port is installed or started here.
    if is_local "$PG_HOST" && [ "$PG_PORT" = 5432 ] && can_install; then
        if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
            apt_install postgresql
        fi
        say "starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start \
            || true
        wait_for "$PG_HOST" "$PG_PORT" 30 \
            || die "PostgreSQL did not start on $PG_HOST:$PG_PORT (see /var/log/postgresql/)."
    else
        die "cannot reach PostgreSQL at $PG_HOST:$PG_PORT (DATABASE_URL). Start it, or set" \
            "DATABASE_URL to a server you can use."
    fi
fi

# A freshly installed Debian cluster asks for a password on TCP; on a CI machine the test user
# connects without one over loopback, as the default DATABASE_URL says.
if is_local "$PG_HOST" && can_install && [ "${CI:-}" = true ] && command -v psql >/dev/null \
    && ! psql "$DATABASE_URL" -Atqc 'SELECT 1' >/dev/null 2>&1 \
    && ! psql "${DATABASE_URL%/*}/postgres" -Atqc 'SELECT 1' >/dev/null 2>&1; then
    hba="$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -1)"
    if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
        say "CI: allowing loopback connections without a password in $hba"
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main reload
        sleep 1
    fi
fi

# The database named in DATABASE_URL is where Django connects before it creates the test one.
if command -v psql >/dev/null; then
    db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
    if ! psql "$DATABASE_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; then
        if psql "${DATABASE_URL%/*}/postgres" -Atqc 'SELECT 1' >/dev/null 2>&1; then
            say "creating database $db_name"
            psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db_name\"" >/dev/null
        else
            die "PostgreSQL at $PG_HOST:$PG_PORT refuses the connection in DATABASE_URL" \
                "(user or password?)."
        fi
    fi
fi
say "PostgreSQL answers on $PG_HOST:$PG_PORT"

# --- Redis ----------------------------------------------------------------------------------
REDIS_HOST="$(url_host "$REDIS_URL")"
REDIS_PORT="$(url_port "$REDIS_URL" 6379)"
if ! reachable "$REDIS_HOST" "$REDIS_PORT"; then
    if is_local "$REDIS_HOST" && [ "$REDIS_PORT" = 6379 ] && can_install; then
        command -v redis-server >/dev/null || apt_install redis-server
        say "starting Redis"
        mkdir -p /var/lib/redis /var/log/redis
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
            --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
        wait_for "$REDIS_HOST" "$REDIS_PORT" 15 \
            || die "Redis did not start on $REDIS_HOST:$REDIS_PORT (see /var/log/redis/ci.log)."
    else
        die "cannot reach Redis at $REDIS_HOST:$REDIS_PORT (REDIS_URL). Start it, or set" \
            "REDIS_URL to a server you can use."
    fi
fi
say "Redis answers on $REDIS_HOST:$REDIS_PORT"
