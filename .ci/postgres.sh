# Sourced by .ci/run: start a throwaway PostgreSQL server (local socket only) so that the tests of
# the shared-database set-up run too; they are skipped when VALENZA_DESK_TEST_PG is not set.
pg_bin=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then pg_bin="$candidate"; break; fi
done
if [ -z "$pg_bin" ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 || true
    for candidate in /usr/lib/postgresql/*/bin; do
        if [ -x "$candidate/initdb" ]; then pg_bin="$candidate"; break; fi
    done
fi
if [ -n "$pg_bin" ]; then
    id -u valenza_pg >/dev/null 2>&1 || useradd -M -s /bin/sh valenza_pg
    pg_dir="$(mktemp -d /tmp/valenza-pg.XXXXXX)"
    chown valenza_pg "$pg_dir"
    if su valenza_pg -s /bin/sh -c "'$pg_bin/initdb' -D '$pg_dir/data' -A trust -U postgres >/dev/null \
        && '$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/log' -w \
           -o \"-p 55433 -k $pg_dir -c listen_addresses=''\" start >/dev/null"; then
        export VALENZA_DESK_TEST_PG="postgresql+psycopg://postgres@/postgres?host=$pg_dir&port=55433"
        echo "PostgreSQL test server running ($pg_bin)"
    else
        echo "PostgreSQL test server did not start: PostgreSQL tests will be skipped"
    fi
fi
