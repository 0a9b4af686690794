#!/usr/bin/env bash
# Make sure a local PostgreSQL answers for the tests, then print its SQLAlchemy URL on stdout.
# Installs Debian's postgresql when missing, starts the cluster, creates the familynet_test role/db.
# Used by `make test` and .ci/run; needs root or sudo. Progress goes to stderr.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
DB=familynet_test; ROLE=familynet_test; PASSWORD=familynet_test
if ! command -v pg_lsclusters >/dev/null; then
  echo "installing postgresql for the audit/users tests" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
    || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -1) || true
if [ -z "${VERSION:-}" ]; then
  VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"; CLUSTER=main
  $SUDO pg_createcluster "$VERSION" "$CLUSTER" >&2
  read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters --no-header | head -1)
fi
if [ "$STATUS" != online ]; then
  echo "starting PostgreSQL $VERSION/$CLUSTER on port $PORT" >&2
  $SUDO pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
as_postgres() { $SUDO runuser -u postgres -- "$@"; }
as_postgres psql -p "$PORT" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'" | grep -q 1 \
  || as_postgres psql -p "$PORT" -qc "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" >&2
as_postgres psql -p "$PORT" -qtAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || as_postgres createdb -p "$PORT" -O "$ROLE" "$DB" >&2
echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
