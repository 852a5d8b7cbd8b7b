#!/usr/bin/env python3
"""Runs the Reading Room benchmark: starts every server, checks each scenario once with curl, warms each
server up, measures every (scenario, concurrency) with wrk in interleaved rounds, measures peak RSS and the
gateway's cold start, and writes the raw numbers as JSON. bench/run builds everything first and turns the JSON
into RESULTS.md and results.svg afterwards; see bench/README.md.

Only 127.0.0.1 is ever contacted. Every process started here is stopped in the `finally` at the end (and by
bench/run's trap, from the pid file, should this script itself be killed).
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
LUA = BENCH / "lua" / "mcp.lua"
COLDSTART = BENCH / "tools" / "coldstart.sh"
APP_DIR = BENCH / ".gateway"  # `dotnet publish -r linux-x64` output (ReadyToRun), written by bench/run
DEVAUTH_DIR = REPO / "src" / "Connector.DevAuth" / "bin" / "Release" / "net10.0"
LIMIT_DIR = BENCH / "Limit" / "bin" / "Release" / "net10.0"
BASELINE_DIR = BENCH / "Baseline" / "bin" / "Release" / "net10.0"
OTLP_SINK_DIR = BENCH / "OtlpSink" / "bin" / "Release" / "net10.0"
PEER_DIR = BENCH / "peer"

SERVER_CPU = "0"
LOAD_CPU = "1"
# The two MCP eras measured. The SDK-hosted servers (baseline, gateway) speak both on one URL; the bare limit and
# the TypeScript peer are measured in the 2025 era only.
ERA_2025 = "2025-06-18"
ERA_2026 = "2026-07-28"
READER = "bench-reader"
# The gateway with telemetry on: the standard OpenTelemetry variables, pointing at bench/OtlpSink. A metric export
# every 5 s instead of the default 60 s, so that metrics flow within a short run too.
OTEL_PROTOCOL = "http/protobuf"
OTEL_METRIC_EXPORT_INTERVAL_MS = "5000"
ECHO_MESSAGE = "hello from the bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", flush=True)


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rpc(method: str, params: dict | None = None, era: str = ERA_2025) -> dict:
    if era == ERA_2026:
        # 2026-07-28 has no handshake: every request names the version and the client's capabilities itself.
        params = {**(params or {}), "_meta": {"io.modelcontextprotocol/protocolVersion": ERA_2026,
                                              "io.modelcontextprotocol/clientCapabilities": {}}}
    message: dict = {"jsonrpc": "2.0", "id": 1, "method": method}
    if params is not None:
        message["params"] = params
    return message


def tool_call(name: str, arguments: dict, era: str = ERA_2025) -> dict:
    return rpc("tools/call", {"name": name, "arguments": arguments}, era)


def mcp_headers(message: dict, era: str) -> list[str]:
    """The HTTP headers a real client of that era sends with this message. 2026-07-28 repeats the method (and a
    tool call's tool) in headers, which the server checks against the body: a mismatch is a 400."""
    headers = ["Content-Type: application/json", "Accept: application/json, text/event-stream",
               f"MCP-Protocol-Version: {era}"]
    if era == ERA_2026:
        headers.append(f"Mcp-Method: {message['method']}")
        if message["method"] == "tools/call":
            headers.append(f"Mcp-Name: {message['params']['name']}")
    return headers


def response_problem(status: int, body: str) -> str | None:
    """Why an answer isn't a success (None when it is); the same test as the wrk script's."""
    if status != 200:
        return f"HTTP {status}"
    if "data: " not in body:
        return "no SSE data frame"
    if '"isError":true' in body:
        return "tool result with isError: true"
    if '"error":{' in body:
        return "JSON-RPC error"
    return None


# --------------------------------------------------------------------------------------------- processes

@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid


class Processes:
    """Every process this run starts, so that all of them are stopped at the end, whatever happens."""

    def __init__(self, pid_file: Path, logs: Path):
        self.items: list[Proc] = []
        self.pid_file = pid_file
        self.logs = logs
        self.pg_stop: list[str] | None = None

    def start(self, name: str, cmd: list[str], cwd: Path, env: dict[str, str], stdout_to_log: bool = True) -> Proc:
        log_path = self.logs / f"{name}.log"
        handle = open(log_path, "ab")
        popen = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=handle if stdout_to_log else subprocess.DEVNULL, stderr=handle,
            start_new_session=True)
        handle.close()
        proc = Proc(name, popen, log_path)
        self.items.append(proc)
        self._write_pids()
        return proc

    def _write_pids(self) -> None:
        self.pid_file.write_text("".join(f"{p.pid}\n" for p in self.items if p.popen.poll() is None))

    def stop(self, proc: Proc) -> None:
        if proc.popen.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.popen.wait(timeout=15)
        self._write_pids()

    def stop_all(self) -> None:
        for proc in reversed(self.items):
            try:
                self.stop(proc)
            except Exception as ex:  # noqa: BLE001 - keep stopping the others
                print(f"could not stop {proc.name} ({proc.pid}): {ex}", file=sys.stderr)
        if self.pg_stop:
            subprocess.run(self.pg_stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=False)
            self.pg_stop = None
        self.pid_file.unlink(missing_ok=True)


def wait_until(what: str, check, proc: Proc | None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.popen.poll() is not None:
            raise BenchError(f"{what} exited with code {proc.popen.returncode} while starting; see {proc.log_path}:\n"
                             + tail(proc.log_path))
        try:
            if check():
                return
        except Exception as ex:  # noqa: BLE001 - not up yet
            last = ex
        time.sleep(0.2)
    raise BenchError(f"{what} did not become ready within {seconds:.0f} s (last error: {last})")


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def http_get(url: str, timeout: float = 5) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


def curl_post(url: str, body: str, headers: list[str]) -> tuple[int, str]:
    """One POST with curl and exactly the given headers (those wrk sends for the same request)."""
    cmd = ["curl", "-s", "--max-time", "10", "-o", "-", "-w", "\n%{http_code}", url, "--data-binary", body]
    for h in headers:
        cmd += ["-H", h]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False).stdout
    text, _, code = out.rpartition("\n")
    return int(code or 0), text


# ------------------------------------------------------------------------------------------- measurement

def vm_status(pid: int, key: str) -> int | None:
    """A VmRSS / VmHWM value from /proc/PID/status in kB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler:
    def __init__(self, pid: int, interval: float = 0.1):
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = vm_status(self.pid, "VmRSS")
            if value:
                self.peak_kb = max(self.peak_kb, value)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def cpu_ticks_by_pid() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, utime+stime ticks, start time) for every process now."""
    result = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        pid = int(stat.split("/")[2])
        fields = text[text.rfind(")") + 2:].split()
        # fields[0] is state (field 3); utime is field 14, stime 15, starttime 22.
        result[pid] = (int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19]))
    return result


def steal_ticks() -> dict[str, int]:
    """cpuN -> steal ticks so far, from /proc/stat."""
    result = {}
    for line in Path("/proc/stat").read_text().splitlines():
        parts = line.split()
        if parts and parts[0].startswith("cpu") and parts[0] != "cpu" and len(parts) > 8:
            result[parts[0]] = int(parts[8])
    return result


class Interference:
    """CPU used during a run by processes that are not this benchmark's (another build, a test run):
    reported in % of one core, so a row measured while the machine was busy is visible as such."""

    def __init__(self, own_roots: list[int]):
        self.own_roots = own_roots
        self.before = cpu_ticks_by_pid()
        self.steal_before = steal_ticks()
        self.t0 = time.monotonic()

    def _foreign(self, table: dict[int, tuple[int, int, int]]) -> set[int]:
        children: dict[int, list[int]] = {}
        for pid, (ppid, _, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        own: set[int] = set()
        stack = [r for r in self.own_roots if r in table] + [2]  # kernel threads mostly move our own packets
        while stack:
            pid = stack.pop()
            if pid in own:
                continue
            own.add(pid)
            stack.extend(children.get(pid, []))
        return {pid for pid in table if pid not in own and pid != 1}

    def steal_percent(self) -> dict[str, float]:
        """Time the hypervisor gave this VM's CPUs to someone else, per CPU, in % of the elapsed time."""
        after = steal_ticks()
        elapsed = time.monotonic() - self.t0
        return {cpu: round(100.0 * (after.get(cpu, 0) - ticks) / CLK_TCK / max(elapsed, 1e-6), 1)
                for cpu, ticks in self.steal_before.items()}

    def percent(self) -> float:
        after = cpu_ticks_by_pid()
        elapsed = time.monotonic() - self.t0
        ticks = 0
        for pid in self._foreign(after):
            used = after[pid][1]
            prior = self.before.get(pid)
            if prior is not None and prior[2] == after[pid][2]:
                used -= prior[1]
            ticks += max(0, used)
        return 100.0 * ticks / CLK_TCK / max(elapsed, 1e-6)


def run_wrk(url: str, connections: int, seconds: float, body: Path, headers: list[str], log_file: Path) -> dict:
    cmd = ["taskset", "-c", LOAD_CPU, "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
           "--timeout", "10s", "-s", str(LUA)]
    for h in headers:
        cmd += ["-H", h]
    cmd += [url, "--", str(body)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=False)
    with open(log_file, "a") as f:
        f.write(f"$ {' '.join(c if not c.startswith('Authorization') else 'Authorization: Bearer …' for c in cmd)}\n")
        f.write(done.stdout + done.stderr + "\n")
    match = re.search(r"^BENCH (\{.*\})$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not match:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"]
    # `bad` already includes every non-200 answer (and so wrk's own non-2xx `status` count).
    result["errors"] = result["socket_errors"] + result["bad"]
    first_bad = [line for line in done.stderr.splitlines() if line.startswith("bad response")]
    if first_bad:
        result["first_bad"] = first_bad[0][:400]
    return result


# ----------------------------------------------------------------------------------------------- servers

@dataclass
class Request:
    """One message as sent: its body file and the MCP headers of its era (the server's own, e.g. Authorization, are
    added when it is sent)."""
    body: Path
    headers: list[str]
    era: str
    call: str = ""  # the tool for tools/call, else the method: what the gateway's spans are named after


@dataclass
class Server:
    key: str            # limit, baseline, peer, gateway, gateway-pg
    label: str
    port: int
    proc: Proc | None = None
    headers: list[str] = field(default_factory=list)
    warmup: list[Request] = field(default_factory=list)
    warmup_seconds: float = 0
    rss_peak_kb: int = 0
    # Answered requests sent to it by call (curl checks, warm-up, measurement; wrk counts the answered ones only).
    requests_sent: dict[str, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # variables set for this server beyond the common ones

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def headers_for(self, request: Request) -> list[str]:
        return request.headers + self.headers

    def sent(self, call: str, n: int) -> None:
        self.requests_sent[call] = self.requests_sent.get(call, 0) + n


@dataclass
class Scenario:
    key: str
    server: Server
    label: str
    request: Request

    @property
    def headers(self) -> list[str]:
        return self.server.headers_for(self.request)


def machine_info() -> dict:
    cpu_model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))

    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "not found"

    os_name = ""
    try:
        os_name = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    peer_sdk = json.loads((PEER_DIR / "node_modules" / "@modelcontextprotocol" / "sdk" / "package.json").read_text())["version"]
    cs_sdk = re.search(r'Include="ModelContextProtocol" Version="([^"]+)"', (REPO / "Directory.Packages.props").read_text()).group(1)
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "os": os_name,
        "kernel": platform.release(),
        "dotnet": version(["dotnet", "--version"]),
        "node": version(["node", "--version"]),
        "wrk": version(["wrk", "-v"]).split(" Copyright")[0],
        "mcp_sdk_csharp": cs_sdk,
        "mcp_sdk_typescript": peer_sdk,
    }


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="rr-bench-"))
        os.chmod(self.tmp, 0o755)
        self.logs = Path(args.logs)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.bodies = self.tmp / "bodies"
        self.bodies.mkdir()
        self.procs = Processes(Path(args.pid_file), self.logs)
        self.secret = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(48))
        self.results: dict = {"runs": [], "notes": []}
        self.devauth_url = ""
        self.pg_url: str | None = None
        self.pg_version = ""
        self.pg_dir: Path | None = None
        self.pg_postmaster: int | None = None
        self.retries_left = args.retries
        self.echo: dict[str, Request] = {}  # the echo call in each era, written by start_servers
        self.sink_url = ""  # bench/OtlpSink, which the gateway with telemetry on exports to

    # ------------------------------------------------------------------ plumbing

    def request(self, name: str, message: dict, era: str) -> Request:
        path = self.bodies / f"{name}.json"
        path.write_text(json.dumps(message, separators=(",", ":")))
        call = message["params"]["name"] if message["method"] == "tools/call" else message["method"]
        return Request(path, mcp_headers(message, era), era, call)

    def base_env(self) -> dict[str, str]:
        # OTEL_* too: an OTLP endpoint set in the caller's shell would turn telemetry on in every gateway.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ASPNETCORE_", "DOTNET_", "DATABASE_URL", "AUTH_", "OTEL_"))}
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1"
        env["DOTNET_NOLOGO"] = "1"
        return env

    def gateway_env(self, port: int, data_dir: Path, database_url: str | None) -> dict[str, str]:
        env = self.base_env()
        env.update({
            "ASPNETCORE_ENVIRONMENT": "Production",
            "PORT": str(port),
            "RESOURCE_URL": f"http://127.0.0.1:{port}/mcp",
            "AUTH_ISSUER": self.devauth_url,
            "AUTH_JWKS_URL": f"{self.devauth_url}/jwks.json",
            "SESSION_SIGNING_SECRET": self.secret,
            "SESSION_MINUTES": "240",
            "DATA_DIR": str(data_dir),
            "RATE_LIMIT_PER_MINUTE": "100000000",
            # As the Dockerfile ships it: an 8 MiB first-generation GC budget.
            "DOTNET_GCgen0size": "0x800000",
        })
        if database_url:
            env["DATABASE_URL"] = database_url
        data_dir.mkdir(parents=True, exist_ok=True)
        return env

    def token(self, port: int) -> str:
        aud = f"http://127.0.0.1:{port}/mcp"
        status, text = http_get(f"{self.devauth_url}/token?sub={READER}&aud={urllib.request.quote(aud, safe='')}&format=text")
        if status != 200:
            raise BenchError(f"dev sign-in refused a token: {status} {text[:200]}")
        return text.strip()

    # ------------------------------------------------------------------ steps

    def wait_quiet(self) -> None:
        """Before starting, wait (bounded) until processes outside the benchmark use under 25 % of a core."""
        started = time.monotonic()
        while True:
            watch = Interference(self.own_roots())
            time.sleep(3)
            busy = watch.percent()
            waited = time.monotonic() - started
            if busy < 25 or waited >= self.args.wait_quiet:
                break
            log(f"other processes are using {busy:.0f}% of a core; waiting for a quieter machine "
                f"({waited:.0f} of at most {self.args.wait_quiet:.0f} s)")
        self.results["meta"]["other_cpu_at_start_pct"] = round(busy, 1)
        self.results["meta"]["waited_for_quiet_s"] = round(waited)
        if busy >= 25:
            self.results["notes"].append(f"The machine was busy when the run started: other processes used {busy:.0f} % of a core "
                                         f"after waiting {waited:.0f} s.")

    def start_devauth(self) -> None:
        port = free_port()
        self.devauth_url = f"http://127.0.0.1:{port}"
        env = self.base_env()
        env.update({
            "ASPNETCORE_ENVIRONMENT": "Development",
            "DEV_AUTH_URL": self.devauth_url,
            "DEV_AUTH_KEY_DIR": str(self.tmp / "dev-auth"),
            "DEV_AUTH_TOKEN_MINUTES": "240",
        })
        proc = self.procs.start("devauth", ["taskset", "-c", LOAD_CPU, "dotnet", "Connector.DevAuth.dll"], DEVAUTH_DIR, env)
        wait_until("the dev sign-in", lambda: http_get(f"{self.devauth_url}/jwks.json")[0] == 200, proc)
        log(f"dev sign-in up at {self.devauth_url} (CPU {LOAD_CPU})")

    def start_otlp_sink(self) -> None:
        """bench/OtlpSink: the OTLP/HTTP receiver the gateway with telemetry on exports to. On CPU 1 like the dev
        sign-in: a collector stands for another machine; what is measured is the gateway's side of the export."""
        port = free_port()
        self.sink_url = f"http://127.0.0.1:{port}"
        env = {**self.base_env(), "ASPNETCORE_URLS": self.sink_url}
        proc = self.procs.start("otlp-sink", ["taskset", "-c", LOAD_CPU, "dotnet", "OtlpSink.dll"], OTLP_SINK_DIR, env)
        wait_until("the OTLP sink", lambda: http_get(f"{self.sink_url}/stats")[0] == 200, proc)
        log(f"OTLP sink up at {self.sink_url} (CPU {LOAD_CPU})")

    def sink_stats(self) -> dict:
        status, text = http_get(f"{self.sink_url}/stats")
        if status != 200:
            raise BenchError(f"the OTLP sink's /stats answered {status}")
        return json.loads(text)

    def cold_start(self) -> None:
        port = free_port()
        token = self.token(port)
        data_dir = self.tmp / "cold"
        env = self.gateway_env(port, data_dir, None)
        env.pop("PORT")
        log_path = self.logs / "coldstart.log"

        def launch(cpus: str) -> float:
            out = subprocess.run([str(COLDSTART), str(APP_DIR), str(port), token, cpus, str(log_path)],
                                 env=env, capture_output=True, text=True, timeout=120, check=False)
            if out.returncode != 0:
                raise BenchError(f"cold start failed: {out.stderr.strip()}\n{tail(log_path)}")
            return float(out.stdout.strip())

        n = self.args.cold_starts
        primer = launch(SERVER_CPU)  # creates the SQLite file and fills the OS file cache; not counted
        pinned = [launch(SERVER_CPU) for _ in range(n)]
        unpinned = [launch("0,1") for _ in range(n)]
        self.results["cold_start"] = {
            "primer_ms": primer,
            "pinned_ms": pinned,
            "pinned_median_ms": statistics.median(pinned),
            "unpinned_ms": unpinned,
            "unpinned_median_ms": statistics.median(unpinned),
            "launches": n,
        }
        log(f"cold start to first begin_session: median {statistics.median(pinned):.0f} ms on CPU 0 "
            f"({', '.join(f'{v:.0f}' for v in pinned)}), {statistics.median(unpinned):.0f} ms on both cores")

    def start_postgres(self) -> None:
        if self.args.no_postgres:
            self.results["notes"].append("PostgreSQL rows skipped (--no-postgres).")
            return
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(re.search(r"/(\d+)/bin", p).group(1)), reverse=True)
        if not candidates:
            self.results["notes"].append("PostgreSQL rows skipped: no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql).")
            log("no PostgreSQL server binaries: PostgreSQL rows skipped")
            return
        bin_dir = Path(candidates[0]).parent
        as_root = os.geteuid() == 0
        if as_root and not shutil.which("runuser"):
            self.results["notes"].append("PostgreSQL rows skipped: running as root without runuser.")
            return
        prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        self.pg_dir = self.tmp / "pg"
        self.pg_dir.mkdir()
        if as_root:
            shutil.chown(self.pg_dir, "postgres")
        data = self.pg_dir / "data"
        port = free_port()
        out = subprocess.run(prefix + [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
                             capture_output=True, text=True, timeout=120, check=False)
        if out.returncode != 0:
            raise BenchError(f"initdb failed: {out.stderr}")
        options = f"-p {port} -k {self.pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.procs.pg_stop = prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
        out = subprocess.run(["taskset", "-c", LOAD_CPU] + prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(self.pg_dir / "server.log"),
                              "-w", "-t", "60", "-o", options, "start"],
                             capture_output=True, text=True, timeout=120, check=False)
        if out.returncode != 0:
            raise BenchError(f"pg_ctl start failed: {out.stderr} {tail(self.pg_dir / 'server.log')}")
        self.pg_postmaster = int((data / "postmaster.pid").read_text().splitlines()[0])
        self.pg_version = subprocess.run([str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=False).stdout.strip()
        self.pg_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        log(f"PostgreSQL ({self.pg_version}) up on 127.0.0.1:{port} (CPU {LOAD_CPU}, default durability: fsync on)")

    def start_servers(self) -> list[Server]:
        servers: list[Server] = []
        w_dotnet, w_node = self.args.warmup, self.args.warmup_node
        self.echo = {era: self.request(f"echo-{era}", tool_call("echo", {"message": ECHO_MESSAGE}, era), era)
                     for era in (ERA_2025, ERA_2026)}
        echo = self.echo[ERA_2025]

        def up(server: Server, cmd: list[str], cwd: Path, env: dict[str, str], ready, stdout_to_log: bool = True) -> Server:
            server.proc = self.procs.start(server.key, ["taskset", "-c", SERVER_CPU] + cmd, cwd, env, stdout_to_log)
            wait_until(server.label, ready, server.proc)
            log(f"{server.label} up at {server.url} (pid {server.proc.pid}, CPU {SERVER_CPU})")
            servers.append(server)
            return server

        def answers_echo(server: Server):
            return lambda: curl_post(server.url, echo.body.read_text(), echo.headers)[0] == 200

        env = self.base_env()
        limit = Server("limit", "limit (bare ASP.NET Core)", free_port(), warmup=[echo], warmup_seconds=w_dotnet)
        up(limit, ["dotnet", "Limit.dll"], LIMIT_DIR, {**env, "ASPNETCORE_URLS": f"http://127.0.0.1:{limit.port}"}, answers_echo(limit))

        baseline = Server("baseline", "baseline (official C# SDK host, no auth)", free_port(),
                          warmup=list(self.echo.values()), warmup_seconds=w_dotnet)
        up(baseline, ["dotnet", "Baseline.dll"], BASELINE_DIR, {**env, "ASPNETCORE_URLS": f"http://127.0.0.1:{baseline.port}"}, answers_echo(baseline))

        peer = Server("peer", "peer (TypeScript SDK)", free_port(), warmup=[echo], warmup_seconds=w_node)
        up(peer, ["node", "server.js"], PEER_DIR, {**env, "PORT": str(peer.port), "NODE_ENV": "production"}, answers_echo(peer))

        # The same published build and settings twice on SQLite: as shipped (no OTEL_* variable: nothing registered)
        # and exporting traces and metrics over OTLP/HTTP to bench/OtlpSink.
        otel = {"OTEL_EXPORTER_OTLP_ENDPOINT": self.sink_url, "OTEL_EXPORTER_OTLP_PROTOCOL": OTEL_PROTOCOL,
                "OTEL_METRIC_EXPORT_INTERVAL": OTEL_METRIC_EXPORT_INTERVAL_MS}
        stores = [("gateway", "gateway (SQLite)", None, {}),
                  ("gateway-otel", "gateway (SQLite, telemetry on)", None, otel)]
        if self.pg_url:
            stores.append(("gateway-pg", "gateway (PostgreSQL)", self.pg_url, {}))
        for key, label, database_url, extra in stores:
            gw = Server(key, label, free_port(), warmup_seconds=w_dotnet, env=extra)
            gw_env = {**self.gateway_env(gw.port, self.tmp / key, database_url), **extra}
            origin = f"http://127.0.0.1:{gw.port}"
            # Its stdout carries one log line per tool call: discarded (/dev/null), stderr kept.
            up(gw, ["dotnet", "ReadingRoom.App.dll"], APP_DIR, gw_env,
               lambda o=origin: http_get(f"{o}/readyz")[0] == 200, stdout_to_log=False)
            gw.headers = [f"Authorization: Bearer {self.token(gw.port)}"]
        return servers

    def gateway_scenarios(self, server: Server, measure_2025: list[str] | None, measure_2026: list[str] | None,
                          warm_2026: bool) -> list[Scenario]:
        """The scenarios of one gateway: the given messages (None: all of them) measured in each era, warmed up on all
        five 2025 messages and, with warm_2026, on all four 2026 ones (else on the measured 2026 ones only). The
        SQLite gateway: everything. The PostgreSQL gateway: the two store-bound calls, 2025 era only (the store, not
        the protocol, is what differs). The gateway with telemetry on: domain_get_article in both eras, warmed up
        exactly as the SQLite gateway, so that the two differ only by the telemetry."""
        first = tool_call("begin_session", {})
        status, text = curl_post(server.url, json.dumps(first), server.headers + mcp_headers(first, ERA_2025))
        problem = response_problem(status, text)
        match = re.search(r'"structuredContent":\{"session":"(cs1\.[^"]+)"', text)
        if problem or not match:
            raise BenchError(f"begin_session on {server.label} failed: {problem or 'no session'}: {text[:300]}")
        session = match.group(1)
        k = server.key

        def messages(era: str) -> dict[str, dict]:
            return {
                "tools/list": rpc("tools/list", None, era),
                "begin_session": tool_call("begin_session", {}, era),
                "domain_get_article": tool_call("domain_get_article", {"session": session, "id": "slow-reading"}, era),
                "user_get_shelf": tool_call("user_get_shelf", {"session": session}, era),
                "user_save_to_shelf": tool_call("user_save_to_shelf", {"session": session, "article_id": "night-trains", "progress": 40}, era),
            }

        v2025 = {n: self.request(f"{k}-{n.replace('/', '-')}", m, ERA_2025) for n, m in messages(ERA_2025).items()}
        # 2026-07-28 has no handshake: begin_session is a 2025-era warm-up message only.
        v2026 = {n: self.request(f"{k}-{n.replace('/', '-')}-2026", m, ERA_2026) for n, m in messages(ERA_2026).items()
                 if n != "begin_session"}
        scenarios = [Scenario(f"{k} {n}", server, n, v2025[n]) for n in (list(v2025) if measure_2025 is None else measure_2025)]
        scenarios += [Scenario(f"{k} {n} (2026)", server, n, v2026[n]) for n in (list(v2026) if measure_2026 is None else measure_2026)]
        # Warmed up on all five 2025 messages, measured or not (as before), and on the 2026 ones. --warmup is sized for
        # five messages (two bursts each); with more, each still gets as much load.
        server.warmup = list(v2025.values()) + (list(v2026.values()) if warm_2026 else
                                                [s.request for s in scenarios if s.request.era == ERA_2026])
        server.warmup_seconds = self.args.warmup * len(server.warmup) / 5
        server.sent("begin_session", 1)  # the one above
        return scenarios

    def check(self, scenarios: list[Scenario]) -> None:
        """One curl call per scenario before any load, with the very headers wrk will send: a 401, a 400 or an
        isError result under load would be a fake number."""
        with open(self.logs / "checks.log", "w") as f:
            for s in scenarios:
                status, text = curl_post(s.server.url, s.request.body.read_text(), s.headers)
                s.server.sent(s.request.call, 1)
                problem = response_problem(status, text)
                sent = "\n".join(s.request.headers + [s.request.body.read_text()])  # Authorization left out
                f.write(f"== {s.key}: HTTP {status}, {len(text)} bytes\n{sent}\n->\n{text[:2000]}\n\n")
                if problem:
                    raise BenchError(f"scenario {s.key} does not answer correctly ({problem}): {text[:300]}")
                log(f"checked {s.key}: HTTP {status}, {len(text)} bytes, no error")

    def own_roots(self) -> list[int]:
        roots = [os.getpid()]
        if self.pg_postmaster:
            roots.append(self.pg_postmaster)
        return roots

    def warm_up(self, servers: list[Server]) -> None:
        """Load each server before measuring it, so the JIT has reached its final code. The load comes in bursts of
        about 10 s with a 1 s pause between them: .NET starts counting calls for tier-1 recompilation only after
        100 ms without new tier-0 compilations, which unbroken load keeps postponing. A gateway gets its messages
        one per burst, in turn (twice over), not mixed: mixed with the writes, every connection soon waits on the
        store and the CPU paths would see little load. A server measured in both eras is warmed up in both."""
        self.results["warmup"] = {}
        for server in servers:
            requests = server.warmup
            bursts = len(requests) * max(1, round(server.warmup_seconds / (10 * len(requests))))
            share = server.warmup_seconds / bursts
            log(f"warming up {server.label}: {server.warmup_seconds:.0f} s of load at c=16 in {bursts} bursts of {share:.0f} s"
                + (f", its {len(requests)} messages in turn" if len(requests) > 1 else ""))
            rates = []
            for i in range(bursts):
                request = requests[i % len(requests)]
                result = run_wrk(server.url, 16, share, request.body, server.headers_for(request), self.logs / "wrk.log")
                server.sent(request.call, result["requests"])
                if result["errors"]:
                    raise BenchError(f"{server.label}: {result['errors']} bad answers during warm-up: {result.get('first_bad', '')}")
                rates.append(round(result["rps"]))
                time.sleep(1)
            log(f"   req/s per burst: {', '.join(map(str, rates))}")
            self.results["warmup"][server.key] = {"seconds": server.warmup_seconds, "connections": 16, "bursts": bursts,
                                                  "messages": len(requests), "rps_per_burst": rates}

    def check_telemetry_flows(self) -> None:
        """After the warm-up the gateway with telemetry on must have exported both spans and metrics (protobuf the
        sink could read): a cost measured with nothing exported would be a fake number."""
        deadline = time.monotonic() + 15
        while True:
            stats = self.sink_stats()
            traces, metrics = stats["traces"], stats["metrics"]
            if traces["items"] and metrics["items"]:
                break
            if time.monotonic() > deadline:
                raise BenchError(f"the gateway with telemetry on exported {traces['requests']} trace and {metrics['requests']} "
                                 f"metric requests ({traces['items']} spans, {metrics['items']} data points) after its warm-up; "
                                 f"see {self.logs / 'gateway-otel.log'} and {self.logs / 'otlp-sink.log'}")
            time.sleep(1)
        for name, signal_ in (("traces", traces), ("metrics", metrics)):
            if signal_["malformed"] or signal_["not_protobuf"]:
                raise BenchError(f"the OTLP sink could not read {signal_['malformed']} {name} export(s) "
                                 f"({signal_['not_protobuf']} not protobuf)")
        log(f"telemetry flows: the OTLP sink has {traces['items']:,} spans in {traces['requests']} trace exports and "
            f"{metrics['items']:,} data points in {metrics['requests']} metric exports so far")

    def telemetry_summary(self, server: Server) -> dict:
        """What the sink received over the whole run, once the gateway's last batch of spans is in (the batch
        processor exports at least every 5 s): spans per request sent shows whether any were dropped."""
        deadline = time.monotonic() + 20
        stats = self.sink_stats()
        stable_since = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - stable_since < 6:
            time.sleep(1)
            now = self.sink_stats()
            if now["traces"]["items"] != stats["traces"]["items"]:
                stable_since = time.monotonic()
            stats = now
        traces, metrics = stats["traces"], stats["metrics"]
        # Every answered POST /mcp makes one request span ("POST /mcp/") and every tool call one "tools/call <tool>"
        # span: fewer spans than requests means the SDK's batch processor dropped some (its queue holds 2,048);
        # slightly more, spans of calls wrk did not count (in flight when a run ended).
        sent = sum(server.requests_sent.values())
        request_spans = sum(n for name, n in traces["by_name"].items() if name.startswith("POST "))
        tools = {call: {"sent": n, "spans": traces["by_name"].get(f"tools/call {call}", 0)}
                 for call, n in server.requests_sent.items() if call not in ("tools/list",)}
        for t in tools.values():
            t["spans_per_call"] = round(t["spans"] / t["sent"], 4) if t["sent"] else None
        request_ratio = request_spans / sent if sent else 0
        log(f"OTLP sink received {traces['items']:,} spans in {traces['requests']:,} trace exports ({traces['bytes'] / 1e6:.1f} MB) and "
            f"{metrics['items']:,} data points in {metrics['requests']:,} metric exports ({metrics['bytes'] / 1e6:.2f} MB); "
            f"request spans per answered request: {request_ratio:.3f} ({request_spans:,} / {sent:,}); "
            + ", ".join(f"{call} spans per call {t['spans_per_call']} ({t['spans']:,} / {t['sent']:,})" for call, t in tools.items()))
        return {"server": server.key, "env": server.env, "requests_sent": server.requests_sent, "requests_sent_total": sent,
                "request_spans": request_spans, "request_spans_per_request": round(request_ratio, 4), "tools": tools,
                "sink": stats}

    def measure(self, scenarios: list[Scenario]) -> None:
        rounds, seconds = self.args.rounds, self.args.duration
        conc = self.args.concurrency
        total = rounds * len(conc) * len(scenarios)
        n = 0
        for r in range(rounds):
            for c in conc:
                # Rotate the order every round, so no scenario always runs first or right after the same one.
                shift = (r * 3) % len(scenarios)
                order = scenarios[shift:] + scenarios[:shift]
                for s in order:
                    n += 1
                    result = self.one_run(s, c, seconds)
                    tries = 1
                    # A run during which other processes were busy is repeated (at most twice, within a budget for
                    # the whole run), and the quietest attempt is kept.
                    while result["interference_pct"] > self.args.retry_above and self.retries_left > 0 and tries < 3:
                        self.retries_left -= 1
                        tries += 1
                        log(f"   other processes used {result['interference_pct']:.0f}% of a core during that run: repeating it")
                        again = self.one_run(s, c, seconds)
                        if again["interference_pct"] < result["interference_pct"]:
                            result = again
                    result["attempts"] = tries
                    result.update({"scenario": s.key, "c": c, "round": r + 1})
                    self.results["runs"].append(result)
                    log(f"[{n}/{total}] round {r + 1} c={c:<2} {s.key:<36} {result['rps']:>9.0f} req/s  "
                        f"p50 {result['lat_p50_us'] / 1000:7.2f} ms  p99 {result['lat_p99_us'] / 1000:7.2f} ms  "
                        f"errors {result['errors']}  other CPU {result['interference_pct']:.0f}%")

    def one_run(self, s: Scenario, c: int, seconds: float) -> dict:
        time.sleep(0.3)
        watch = Interference(self.own_roots())
        if c == max(self.args.concurrency):
            with RssSampler(s.server.proc.pid) as sampler:
                result = run_wrk(s.server.url, c, seconds, s.request.body, s.headers, self.logs / "wrk.log")
            s.server.rss_peak_kb = max(s.server.rss_peak_kb, sampler.peak_kb)
            result["rss_peak_kb"] = sampler.peak_kb
        else:
            result = run_wrk(s.server.url, c, seconds, s.request.body, s.headers, self.logs / "wrk.log")
        s.server.sent(s.request.call, result["requests"])
        result["steal_pct"] = watch.steal_percent()
        result["interference_pct"] = watch.percent()
        if result.get("first_bad"):
            log(f"   {s.key} c={c}: {result['first_bad']}")
        return result

    # ------------------------------------------------------------------ main

    def run(self) -> dict:
        started = time.monotonic()
        info = machine_info()
        self.results["meta"] = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "mode": "quick" if self.args.quick else "full",
            "machine": info,
            "loadavg_start": Path("/proc/loadavg").read_text().split()[:3],
            "rounds": self.args.rounds,
            "duration_s": self.args.duration,
            "concurrency": self.args.concurrency,
            "warmup_s_dotnet": self.args.warmup,
            "warmup_s_node": self.args.warmup_node,
            "server_cpu": SERVER_CPU,
            "load_cpu": LOAD_CPU,
            "eras": [ERA_2025, ERA_2026],
            "retry_above_pct": self.args.retry_above,
        }
        log(f"machine: {info['nproc']} cores, {info['cpu_model']}, load average {' '.join(self.results['meta']['loadavg_start'])}")
        self.wait_quiet()
        self.start_devauth()
        self.start_otlp_sink()
        self.cold_start()
        self.start_postgres()
        self.results["meta"]["postgres"] = self.pg_version or None
        servers = self.start_servers()
        by_key = {s.key: s for s in servers}
        echo, echo_2026 = self.echo[ERA_2025], self.echo[ERA_2026]
        scenarios = [Scenario("limit", by_key["limit"], "echo frame", echo),
                     Scenario("baseline", by_key["baseline"], "echo", echo),
                     Scenario("baseline (2026)", by_key["baseline"], "echo", echo_2026),
                     Scenario("peer", by_key["peer"], "echo", echo)]
        scenarios += self.gateway_scenarios(by_key["gateway"], None, None, warm_2026=True)
        scenarios += self.gateway_scenarios(by_key["gateway-otel"], ["domain_get_article"], ["domain_get_article"], warm_2026=True)
        if "gateway-pg" in by_key:
            scenarios += self.gateway_scenarios(by_key["gateway-pg"], ["user_get_shelf", "user_save_to_shelf"], [], warm_2026=False)
        self.check(scenarios)
        self.warm_up(servers)
        self.check_telemetry_flows()
        self.measure(scenarios)
        self.results["telemetry"] = self.telemetry_summary(by_key["gateway-otel"])

        self.results["servers"] = {}
        for server in servers:
            self.results["servers"][server.key] = {
                "label": server.label,
                "rss_peak_c64_mb": round(server.rss_peak_kb / 1024, 1),
                "vm_hwm_mb": round((vm_status(server.proc.pid, "VmHWM") or 0) / 1024, 1),
            }
        self.results["scenarios"] = [{"key": s.key, "server": s.server.key, "label": s.label, "era": s.request.era,
                                      "headers": s.request.headers} for s in scenarios]
        self.results["summary"] = summarize(self.results["runs"], scenarios, self.args.concurrency)
        self.results["meta"]["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
        self.results["meta"]["elapsed_s"] = round(time.monotonic() - started)
        return self.results

    def close(self) -> None:
        self.procs.stop_all()
        shutil.rmtree(self.tmp, ignore_errors=True)


def summarize(runs: list[dict], scenarios: list[Scenario], concurrency: list[int]) -> list[dict]:
    rows = []
    for s in scenarios:
        for c in concurrency:
            mine = [r for r in runs if r["scenario"] == s.key and r["c"] == c]
            if not mine:
                continue
            rows.append({
                "scenario": s.key,
                "server": s.server.key,
                "label": s.label,
                "era": s.request.era,
                "c": c,
                "rounds": len(mine),
                "rps": statistics.median(r["rps"] for r in mine),
                "p50_ms": statistics.median(r["lat_p50_us"] for r in mine) / 1000,
                "p99_ms": statistics.median(r["lat_p99_us"] for r in mine) / 1000,
                "errors": sum(r["errors"] for r in mine),
                "requests": sum(r["requests"] for r in mine),
                "rps_min": min(r["rps"] for r in mine),
                "rps_max": max(r["rps"] for r in mine),
                "interference_max_pct": max(r["interference_pct"] for r in mine),
                "steal_max_pct": max((max(r.get("steal_pct", {}).values(), default=0) for r in mine), default=0),
            })
    return rows


def prepare_to_stop(logs: str) -> None:
    """TERM and HUP end the run through its `finally`, so every process it started is stopped; logs go to `logs`."""
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    Path(logs).mkdir(parents=True, exist_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: short warm-ups and runs, one round")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--duration", type=float, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up load per .NET server")
    parser.add_argument("--warmup-node", type=float, help="seconds of warm-up load for the TypeScript peer")
    parser.add_argument("--cold-starts", type=int, help="measured launches of the gateway (each pinned and unpinned)")
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--retries", type=int, help="how many repeats (of runs during which other processes were busy) the whole run may spend")
    parser.add_argument("--wait-quiet", type=float, help="at most this many seconds to wait, before starting, for other processes to go quiet")
    parser.add_argument("--retry-above", type=float, default=15.0, help="%% of a core used by other processes that triggers a repeat")
    parser.add_argument("--out", default=str(BENCH / "results.json"))
    parser.add_argument("--logs", default=str(BENCH / "logs"))
    parser.add_argument("--pid-file", default=str(BENCH / "logs" / "pids"))
    args = parser.parse_args()
    if args.quick:
        defaults = {"rounds": 1, "duration": 3, "warmup": 6, "warmup_node": 4, "cold_starts": 3, "retries": 3, "wait_quiet": 20}
    else:
        defaults = {"rounds": 3, "duration": 10, "warmup": 90, "warmup_node": 30, "cold_starts": 5, "retries": 15, "wait_quiet": 240}
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.concurrency = [int(c) for c in args.concurrency.split(",")]

    for tool in ("wrk", "taskset", "curl", "dotnet", "node"):
        if not shutil.which(tool):
            print(f"bench: {tool} is needed and not on PATH", file=sys.stderr)
            return 2
    for path in (APP_DIR / "ReadingRoom.App.dll", DEVAUTH_DIR / "Connector.DevAuth.dll", LIMIT_DIR / "Limit.dll",
                 BASELINE_DIR / "Baseline.dll", OTLP_SINK_DIR / "OtlpSink.dll", PEER_DIR / "node_modules"):
        if not path.exists():
            print(f"bench: {path} is missing: run bench/run, which builds everything first", file=sys.stderr)
            return 2

    prepare_to_stop(args.logs)
    bench = Bench(args)
    try:
        results = bench.run()
    except BenchError as ex:
        print(f"bench: {ex}", file=sys.stderr)
        return 1
    finally:
        bench.close()
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    bad = [row for row in results["summary"] if row["errors"]]
    log(f"raw numbers in {args.out}; logs in {args.logs}")
    if bad:
        print("bench: some rows had errors: " + ", ".join(f"{r['scenario']} c={r['c']} ({r['errors']})" for r in bad), file=sys.stderr)
        return 3  # finished, numbers written, but not clean
    return 0


if __name__ == "__main__":
    sys.exit(main())
