-- wrk script for the Reading Room benchmark: POSTs one JSON-RPC message (or, for warm-ups, a rotation of
-- several) to /mcp, checks every response, and prints one machine-readable line at the end.
--
-- Usage:  wrk -t1 -c16 -d10s --latency -s mcp.lua -H HEADER ... http://127.0.0.1:PORT/mcp -- BODY.json [BODY2.json ...]
--
-- Every header comes from -H, as bench.py passes them per scenario: they depend on the MCP era (2025-06-18:
-- Content-Type, Accept, MCP-Protocol-Version; 2026-07-28 adds Mcp-Method and, for tools/call, Mcp-Name, which
-- must match the body) and on the server (Authorization: Bearer TOKEN for the gateway). The same headers go
-- with every body of a rotation, so a rotation of 2026-07-28 messages must share method and tool.
--
-- A response counts as bad (and is reported in "bad", which must be 0) unless it is HTTP 200 AND its body is
-- an SSE frame ("data: ") carrying neither a JSON-RPC error ("error":{) nor a failed tool call ("isError":true).
-- wrk's own socket errors (connect/read/write/timeout) and non-2xx count ("status") are reported beside it.

local bodies = {}
local index = 0
local bad = 0
local first_bad = nil

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. path)
  local text = f:read("*a")
  f:close()
  return text
end

wrk.method = "POST"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for i = 1, #args do
    bodies[i] = read_file(args[i])
  end
  assert(#bodies > 0, "give at least one request body file after --")
  wrk.body = bodies[1]
  if #bodies > 1 then
    -- A rotation (warm-up): a different message per request.
    local requests = {}
    for i = 1, #bodies do
      requests[i] = wrk.format("POST", nil, nil, bodies[i])
    end
    request = function()
      index = index % #requests + 1
      return requests[index]
    end
  end
end

function response(status, headers, body)
  if status ~= 200
    or not body
    or not string.find(body, "data: ", 1, true)
    or string.find(body, '"isError":true', 1, true)
    or string.find(body, '"error":{', 1, true) then
    bad = bad + 1
    if first_bad == nil then
      first_bad = status .. " " .. string.sub(body or "", 1, 300)
      io.stderr:write("bad response: " .. first_bad .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  for _, thread in ipairs(threads) do
    total_bad = total_bad + (thread:get("bad") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"bad":%d,' ..
    '"lat_mean_us":%.1f,"lat_p50_us":%d,"lat_p90_us":%d,"lat_p99_us":%d,"lat_max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout, total_bad,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
