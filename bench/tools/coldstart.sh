#!/usr/bin/env bash
# Cold start of the Reading Room gateway: launches `dotnet ReadingRoom.App.dll` from APP_DIR (its publish output) and polls
# POST /mcp with curl (a begin_session call carrying a valid bearer token) until the first begin_session is
# served with a session in it. Prints the milliseconds from launch to that answer, then stops the gateway.
#
# Usage: coldstart.sh APP_DIR PORT TOKEN [CPU_LIST] [LOG]
#   The gateway's settings (ASPNETCORE_ENVIRONMENT, RESOURCE_URL, AUTH_*, SESSION_SIGNING_SECRET, DATA_DIR, …)
#   come from the environment, PORT from the argument. The gateway runs on CPU_LIST (default 0), the polling
#   curl on CPU 1. Gives up after 60 s.
set -euo pipefail
app_dir=$1 port=$2 token=$3 cpus=${4:-0} log=${5:-/dev/null}
body='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"begin_session","arguments":{}}}'
url="http://127.0.0.1:$port/mcp"

cd "$app_dir"
pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap stop EXIT

start=$EPOCHREALTIME
PORT=$port taskset -c "$cpus" dotnet ReadingRoom.App.dll >/dev/null 2>>"$log" &
pid=$!
deadline=$(( ${start%.*} + 60 ))
while :; do
  answer=$(taskset -c 1 curl -s --max-time 5 "$url" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-06-18' \
    -d "$body" 2>/dev/null || true)
  if [[ $answer == *'"structuredContent":{"session":"cs1.'* ]]; then
    end=$EPOCHREALTIME
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "coldstart: the gateway exited before answering (see $log)" >&2; exit 1; fi
  if (( ${EPOCHREALTIME%.*} > deadline )); then echo "coldstart: no begin_session answer within 60 s; last answer: ${answer:0:300}" >&2; exit 1; fi
done
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", (e - s) * 1000 }'
