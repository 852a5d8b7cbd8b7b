#!/usr/bin/env python3
"""The search tool over HTTP: `domain_search_articles` beside `domain_get_article`, through the real Reading Room
gateway, measured exactly as bench.py measures every scenario (it reuses bench.py's code): the published gateway on
CPU 0, wrk with lua/mcp.lua on CPU 1, each answer checked, a warm-up in bursts, then interleaved rounds at each
concurrency. Writes the raw numbers as JSON; bench/search runs it and tools/search_report.py reports them.

Only 127.0.0.1 is contacted; every process started here is stopped in the `finally` (and by bench/search's trap,
from the pid file, should this script itself be killed).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import bench as b

# The example the tool's own description gives the AI: a question in plain words, so both keyword and meaning run.
SEARCH_QUERY = "the one about trains at night"


def start_gateway(runner: b.Bench) -> b.Server:
    """The gateway as bench.py starts its SQLite one: published build, Production, the dev sign-in as issuer."""
    server = b.Server("gateway", "gateway (SQLite)", b.free_port(), warmup_seconds=runner.args.warmup)
    env = runner.gateway_env(server.port, runner.tmp / "gateway", None)
    server.proc = runner.procs.start("gateway", ["taskset", "-c", b.SERVER_CPU, "dotnet", "ReadingRoom.App.dll"],
                                     b.APP_DIR, env, stdout_to_log=False)
    origin = f"http://127.0.0.1:{server.port}"
    b.wait_until(server.label, lambda: b.http_get(f"{origin}/readyz")[0] == 200, server.proc)
    server.headers = [f"Authorization: Bearer {runner.token(server.port)}"]
    b.log(f"{server.label} up at {server.url} (pid {server.proc.pid}, CPU {b.SERVER_CPU})")
    return server


def scenarios(runner: b.Bench, server: b.Server) -> list[b.Scenario]:
    first = b.tool_call("begin_session", {})
    status, text = b.curl_post(server.url, json.dumps(first), server.headers + b.mcp_headers(first, b.ERA_2025))
    match = re.search(r'"structuredContent":\{"session":"(cs1\.[^"]+)"', text)
    if b.response_problem(status, text) or not match:
        raise b.BenchError(f"begin_session failed: {text[:300]}")
    session = match.group(1)
    server.sent("begin_session", 1)
    get = runner.request("gateway-domain_get_article",
                         b.tool_call("domain_get_article", {"session": session, "id": "slow-reading"}), b.ERA_2025)
    search = runner.request("gateway-domain_search_articles",
                            b.tool_call("domain_search_articles", {"session": session, "query": SEARCH_QUERY}), b.ERA_2025)
    # The index (and the model) are built in the background at start: wait, bounded, until search answers.
    deadline = time.monotonic() + 90
    while True:
        status, text = b.curl_post(server.url, search.body.read_text(), server.headers_for(search))
        server.sent("domain_search_articles", 1)
        if not b.response_problem(status, text) and '"mode":"hybrid"' in text:
            break
        if time.monotonic() > deadline:
            raise b.BenchError(f"domain_search_articles never answered in hybrid mode: {text[:300]}")
        time.sleep(1)
    server.warmup = [get, search]
    return [b.Scenario("gateway domain_get_article", server, "domain_get_article", get),
            b.Scenario("gateway domain_search_articles", server, "domain_search_articles", search)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=60, help="seconds of warm-up load, both calls in turn")
    parser.add_argument("--concurrency", default="1,16")
    parser.add_argument("--retries", type=int, default=4, help="repeats of busy runs the whole run may spend")
    parser.add_argument("--retry-above", type=float, default=15.0)
    parser.add_argument("--wait-quiet", type=float, default=60)
    parser.add_argument("--quick", action="store_true", help="mark the output as a smoke run")
    parser.add_argument("--out", required=True)
    parser.add_argument("--logs", default=str(b.BENCH / "logs" / "search"))
    parser.add_argument("--pid-file", required=True)
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    for path in (b.APP_DIR / "ReadingRoom.App.dll", b.DEVAUTH_DIR / "Connector.DevAuth.dll"):
        if not path.exists():
            print(f"search_http: {path} is missing: run bench/search, which builds it first", file=sys.stderr)
            return 2

    b.prepare_to_stop(args.logs)
    runner = b.Bench(args)
    started = time.monotonic()
    runner.results["meta"] = {"date": b.dt.datetime.now().astimezone().isoformat(timespec="seconds"), "rounds": args.rounds, "duration_s": args.duration, "concurrency": args.concurrency,
                              "warmup_s": args.warmup, "mode": "quick" if args.quick else "full",
                              "server_cpu": b.SERVER_CPU, "load_cpu": b.LOAD_CPU, "search_query": SEARCH_QUERY,
                              "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]}
    try:
        runner.wait_quiet()
        runner.start_devauth()
        server = start_gateway(runner)
        measured = scenarios(runner, server)
        runner.check(measured)
        runner.warm_up([server])
        runner.measure(measured)
        runner.results["summary"] = b.summarize(runner.results["runs"], measured, args.concurrency)
        runner.results["server"] = {"rss_peak_mb": round(server.rss_peak_kb / 1024, 1),
                                    "vm_hwm_mb": round((b.vm_status(server.proc.pid, "VmHWM") or 0) / 1024, 1)}
        runner.results["meta"]["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
        runner.results["meta"]["elapsed_s"] = round(time.monotonic() - started)
    except b.BenchError as ex:
        print(f"search_http: {ex}", file=sys.stderr)
        return 1
    finally:
        runner.close()
    Path(args.out).write_text(json.dumps(runner.results, indent=1) + "\n")
    bad = [r for r in runner.results["summary"] if r["errors"]]
    if bad:
        print("search_http: rows with errors: " + ", ".join(f"{r['scenario']} c={r['c']}" for r in bad), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
