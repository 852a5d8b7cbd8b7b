#!/usr/bin/env python3
"""Summarises `perf script` output of the gateway (run with DOTNET_PerfMapEnabled=1) into where its CPU time goes.

Usage: perf script -i perf.data | python3 stacks.py

Prints three tables: time by code owner (the sampled frame's library: JIT-compiled .NET code, the kernel, the
runtime, SQLite, OpenSSL, ...), time by thread, and the inclusive share of named stages of a call (a stage's share
is the fraction of samples with any of its frames on the stack; stages nest, so the shares do not add up).
"""
import collections
import re
import sys

# (stage, regular expression matched against each frame of a sample)
STAGES = [
    ("Kestrel: HTTP/1.1 parsing, request loop (includes everything below)", r"HttpProtocol\+<ProcessRequests>"),
    ("ASP.NET Core middleware: authentication (bearer check, cached)", r"AuthenticationMiddleware\+<Invoke>"),
    ("  bearer token handler itself", r"BearerTokenHandler\+<HandleAuthenticateAsync>"),
    ("ASP.NET Core middleware: authorization policy", r"AuthorizationMiddleware\+<Invoke>"),
    ("ASP.NET Core middleware: per-user rate limiter", r"RateLimitingMiddleware\+<InvokeInternal>"),
    ("MCP SDK host (MapMcp): read body, run the request, write the answer", r"StreamableHttpHandler\+<HandlePostRequestAsync>"),
    ("  parse the JSON-RPC request", r"ReadJsonRpcMessageAsync"),
    ("MCP SDK: message dispatch (includes the tool)", r"McpSessionHandler\+<HandleMessageAsync>"),
    # Stateless MapMcp runs a call in the HTTP request's DI scope, so the SDK's InvokeScopedAsync no longer shows.
    ("  MCP SDK: tools/call pipeline: filters, argument binding, the tool", r"BuildComposedCallToolHandler"),
    ("  gateway guard: argument check, errors, log line", r"ToolCallGuard\+<InvokeAsync>"),
    ("    argument check against the input schema", r"ToolArgumentCheck::FindProblem"),
    ("    session token check (HMAC)", r"SessionTokenService::Check"),
    ("    the state store (all of it)", r"SqliteStateStore|PostgresStateStore|SqliteWriteQueue|Npgsql"),
    ("  MCP SDK: tool result to JSON (structuredContent + text)", r"JsonSerializer::WriteNode|WriteStringAsObject"),
    ("  MCP SDK: response to an SSE frame", r"SseEventWriter\+<WriteAsync>"),
    ("logging", r"Microsoft\.Extensions\.Logging\.Logger::Log"),
]


def frame_name(line: str) -> str:
    line = re.sub(r"^\s*[0-9a-f]+ ", "", line.strip())
    return re.sub(r"\+0x[0-9a-f]+ \(.*\)$", "", line)


def owner(line: str) -> str:
    m = re.search(r"\(([^)]*)\)\s*$", line)
    where = m.group(1) if m else ""
    if "perf-" in where or "[JIT]" in line:
        return ".NET code (JIT-compiled)"
    if "kernel" in where:
        return "kernel (sockets, scheduling)"
    for lib, name in (("libclrjit", "JIT compiler"), ("libcoreclr", ".NET runtime (GC, allocation, casts, locks)"),
                      ("sqlite", "SQLite"), ("libcrypto", "OpenSSL (hashing, signatures)"), ("libc.so", "libc (memcpy, malloc)"),
                      (".dll", ".NET code (precompiled)")):
        if lib in where:
            return name
    return "other"


def main() -> int:
    samples = sys.stdin.read().split("\n\n")
    owners, threads, stages = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for sample in samples:
        lines = [l for l in sample.strip().split("\n") if l.strip()]
        if len(lines) < 2:
            continue
        total += 1
        threads[re.sub(r"\s+\d+\s+[\d.]+:.*$", "", lines[0]).strip()] += 1
        owners[owner(lines[1])] += 1
        frames = [frame_name(l) for l in lines[1:]]
        for stage, pattern in STAGES:
            if any(re.search(pattern, f) for f in frames):
                stages[stage] += 1
    if not total:
        print("no samples")
        return 1

    def table(title: str, counter: collections.Counter, keep_order: list[str] | None = None) -> None:
        print(f"| {title} | share of CPU samples |")
        print("|---|--:|")
        keys = keep_order if keep_order else [k for k, _ in counter.most_common()]
        for k in keys:
            print(f"| {k.replace('|', '/')} | {100 * counter[k] / total:.1f} % |")
        print()

    print(f"{total} samples\n")
    table("code owner (where the sampled instruction was)", owners)
    table("thread", threads)
    table("stage of a call (inclusive; stages nest)", stages, [s for s, _ in STAGES])
    return 0


if __name__ == "__main__":
    sys.exit(main())
