#!/usr/bin/env bash
# Make sure this clone's test Neo4j answers, then print its URL with credentials on stdout, e.g.
#   export FAMILYNET_TEST_NEO4J_URL="$(tools/test-neo4j.sh)"
# The instance lives in data/test-neo4j (FAMILYNET_TEST_NEO4J_DIR), Bolt on the first free port from
# 17687; the tests empty its database as they go. Stop it with: tools/neo4j/neo4j.sh stop data/test-neo4j
# Used by `make test` and .ci/run (which stop it again if they started it). Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
exec tools/neo4j/neo4j.sh start "${FAMILYNET_TEST_NEO4J_DIR:-data/test-neo4j}" auto
