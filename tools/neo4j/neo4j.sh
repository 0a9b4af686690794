#!/usr/bin/env bash
# A local Neo4j 5 Community server run from its published jars (Maven Central), for the demo, the tests
# and the benchmarks. Nothing is built and no binary is committed: Maven fetches the jars named in
# tools/neo4j/pom.xml once into ~/.m2, and the server runs as `java -cp <those jars>
# org.neo4j.server.CommunityEntryPoint` with tools/neo4j/neo4j.conf filled in for one instance folder.
#
#   neo4j.sh start DIR [PORT]   start the instance in DIR (Bolt on 127.0.0.1:PORT, default 7687;
#                               "auto": the first free port from 17687), wait until Bolt answers, print
#                               its URL with credentials on stdout: bolt://neo4j:PASSWORD@127.0.0.1:PORT
#   neo4j.sh stop DIR           stop it by its PID (SIGTERM, then SIGKILL after 60 s)
#   neo4j.sh status DIR         exit 0 when it runs and Bolt answers
#   neo4j.sh url DIR            print the URL again
#   neo4j.sh admin DIR ARGS…    neo4j-admin for the instance, e.g. `admin DIR database dump neo4j
#                               --to-path=backups` (Community: stop the instance first; see docs/neo4j.md)
# Progress goes to stderr. Memory: NEO4J_HEAP (default 1g), NEO4J_PAGECACHE (default 512m).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WAIT_S="${NEO4J_START_WAIT_S:-180}"

say() { echo "neo4j: $*" >&2; }
die() { say "$*"; exit 1; }

need_tools() {
  local missing=()
  command -v mvn >/dev/null || missing+=(maven)
  command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ] || missing+=(openjdk-17-jre-headless)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (Neo4j 5 runs on Java 17 or 21; Maven fetches its jars)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
    || { $sudo apt-get update -q >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; } \
    || die "could not install ${missing[*]}; install Java 17 or 21 and Maven, then re-run"
}

java_bin() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java" major
  major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  case "$major" in
    17|21) echo "$java" ;;
    *) die "Neo4j 5.26 needs Java 17 or 21; $java is Java ${major:-unknown} (set JAVA_HOME to a JDK 17 or 21)" ;;
  esac
}

# The server's class path, resolved by Maven from the local repository (fetched on first use).
classpath() {
  local dir="$1" file="$1/classpath"
  if [ ! -s "$file" ] || [ "$HERE/pom.xml" -nt "$file" ]; then
    say "resolving Neo4j's jars with Maven (the first time this downloads about 230 MB into ~/.m2)"
    mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$file.new" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 \
      || die "Maven could not resolve tools/neo4j/pom.xml"
    mv "$file.new" "$file"
  fi
  cat "$file"
}

# True when a Bolt server answers the Bolt handshake on 127.0.0.1:$1 (not merely an open port).
bolt_answers() {
  local reply
  reply="$(timeout 5 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/'"$1"' || exit 1
    printf "\x60\x60\xb0\x17\x00\x00\x06\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    head -c 4 <&3 | od -An -tx1' 2>/dev/null)" || return 1
  [ -n "${reply// /}" ] && [ "${reply// /}" != 00000000 ]
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_of() {  # the instance's JVM, if the PID file names a live process started for this folder
  local pid
  pid="$(cat "$1/run/neo4j.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--home-dir=$1 " \
    && echo "$pid"
}

url() {
  local dir="$1"
  [ -s "$dir/password" ] && [ -s "$dir/port" ] || die "no instance in $dir (run: $0 start $dir)"
  echo "bolt://neo4j:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")"
}

start() {
  local dir port cp java pid
  mkdir -p "$1"; dir="$(cd "$1" && pwd)"; port="${2:-7687}"
  if pid="$(pid_of "$dir")" && bolt_answers "$(cat "$dir/port")"; then
    say "already running in $dir (pid $pid)"; url "$dir"; return 0
  fi
  need_tools
  java="$(java_bin)"
  cp="$(classpath "$dir")"
  if [ "$port" = auto ]; then
    port="$(cat "$dir/port" 2>/dev/null || echo 17687)"
    while ! port_free "$port"; do port=$((port + 1)); done
  fi
  port_free "$port" || die "port $port on 127.0.0.1 is taken; choose another (NEO4J_PORT=…)"
  mkdir -p "$dir"/{conf,data,logs,run,import,plugins,lib,licenses}
  sed -e "s|@DIR@|$dir|g" -e "s|@BOLT_PORT@|$port|g" \
      -e "s|^server.memory.heap.initial_size=.*|server.memory.heap.initial_size=${NEO4J_HEAP:-1g}|" \
      -e "s|^server.memory.heap.max_size=.*|server.memory.heap.max_size=${NEO4J_HEAP:-1g}|" \
      -e "s|^server.memory.pagecache.size=.*|server.memory.pagecache.size=${NEO4J_PAGECACHE:-512m}|" \
      "$HERE/neo4j.conf" > "$dir/conf/neo4j.conf"
  echo "$port" > "$dir/port"
  if [ ! -s "$dir/password" ]; then  # a new instance: a generated password, set before the first start
    # letters and digits only: a password starting with "-" was read by neo4j-admin as an option
    # (1 new instance in 64 failed to start: "Missing required parameter: '<password>'")
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' > "$dir/password")
    NEO4J_HOME="$dir" NEO4J_CONF="$dir/conf" "$java" -cp "$cp" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$(cat "$dir/password")" >&2 || die "could not set the initial password"
  fi
  say "starting Neo4j in $dir (Bolt on 127.0.0.1:$port, heap ${NEO4J_HEAP:-1g}, page cache ${NEO4J_PAGECACHE:-512m})"
  # The JVM options of Neo4j's own start script that matter here; the log goes to logs/console.log.
  NEO4J_HOME="$dir" NEO4J_CONF="$dir/conf" setsid nohup "$java" \
    -Xms"${NEO4J_HEAP:-1g}" -Xmx"${NEO4J_HEAP:-1g}" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
    -XX:+AlwaysPreTouch -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields \
    -XX:+DisableExplicitGC -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=1024 \
    -Dio.netty.tryReflectionSetAccessible=true -Djdk.tls.ephemeralDHKeySize=2048 \
    -Dlog4j2.disable.jmx=true -Dlog4j.layout.jsonTemplate.maxStringLength=32768 \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    -cp "$cp" org.neo4j.server.CommunityEntryPoint --home-dir="$dir" --config-dir="$dir/conf" --console-mode \
    > "$dir/logs/console.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$dir/run/neo4j.pid"
  local waited=0
  # Bolt answering is not enough: another instance starting at the same moment may hold the port (ours
  # then fails to bind and exits). Ours has started when its own new console log says so.
  until grep -q 'INFO  Started\.' "$dir/logs/console.log" 2>/dev/null && kill -0 "$pid" 2>/dev/null \
      && bolt_answers "$port"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$dir/logs/console.log" >&2; die "Neo4j exited while starting (log: $dir/logs/console.log)"; }
    [ "$waited" -lt "$WAIT_S" ] || { kill "$pid" 2>/dev/null || true; die "Bolt did not answer within ${WAIT_S} s (log: $dir/logs/console.log)"; }
    sleep 1; waited=$((waited + 1))
  done
  say "Neo4j answers on bolt://127.0.0.1:$port after ${waited} s (pid $pid)"
  url "$dir"
}

stop() {
  local dir pid waited=0
  dir="$(cd "$1" 2>/dev/null && pwd)" || { say "no instance in $1"; return 0; }
  pid="$(pid_of "$dir")" || { say "not running ($dir)"; rm -f "$dir/run/neo4j.pid"; return 0; }
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    [ "$waited" -lt 60 ] || { say "still running after 60 s: SIGKILL"; kill -KILL "$pid"; break; }
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$dir/run/neo4j.pid"
  say "stopped (pid $pid)"
}

admin() {
  local dir; dir="$(cd "$1" && pwd)"; shift
  [ -s "$dir/conf/neo4j.conf" ] || die "no instance in $dir"
  NEO4J_HOME="$dir" NEO4J_CONF="$dir/conf" "$(java_bin)" -cp "$(classpath "$dir")" org.neo4j.cli.AdminTool "$@"
}

case "${1:-}" in
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [PORT|auto]"; start "$2" "${3:-7687}" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  status) [ $# -eq 2 ] || die "usage: $0 status DIR"; d="$(cd "$2" 2>/dev/null && pwd)" || exit 1
          pid_of "$d" >/dev/null && bolt_answers "$(cat "$d/port")" ;;
  url) [ $# -eq 2 ] || die "usage: $0 url DIR"; url "$(cd "$2" && pwd)" ;;
  admin) [ $# -ge 3 ] || die "usage: $0 admin DIR NEO4J-ADMIN-ARGS…"; shift; admin "$@" ;;
  *) die "usage: $0 start DIR [PORT|auto] | stop DIR | status DIR | url DIR | admin DIR ARGS…" ;;
esac
