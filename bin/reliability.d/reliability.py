#!/usr/bin/env python3
"""bin/reliability: the fault catalogue of issue 11, each case under load from real edge agents.

Starts a private native stack (bin/stack, free ports, its own directory), the packaged service and
real edge agents (edge-agent.jar, each with its own disk queue), runs the cases and prints one
table. The invariant: lost = readings the agents consider delivered - distinct readings stored in
InfluxDB - readings rejected = 0 (docs/reliability.md). Python 3 standard library only.
"""
import argparse
import calendar
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "bin" / "bench.d"))
sys.path.insert(0, str(HERE))
import benchlib as bl  # noqa: E402
from faultproxy import FaultProxy  # noqa: E402

STACK = REPO / "bin" / "stack"
SERVICE_JAR = REPO / "target" / "quarkus-app" / "quarkus-run.jar"
AGENT_JAR = REPO / "edge-agent" / "target" / "edge-agent.jar"
LOAD_JAR = REPO / "edge-agent" / "target" / "edge-agent-bench.jar"
SITE_FILE = REPO / "demo" / "demo-campus.yaml"
INVALID_DIR = REPO / "contract" / "v1" / "invalid"
PERIOD_MS = 100

# The agent's status log line (edge-agent StatusReporter). Each figure is looked up on its own, so
# that fields added later (receipts) do not break the parser.
RE_STATUS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}) \S+ \S+: (\S+)/(\S+): (connected|NOT connected), (.*)$")
RE_QUEUE = re.compile(r"queue (\d+) batches / (\d+) readings(?: \(oldest ([^)]+)\))?")
RE_DROPPED = re.compile(r"dropped (\d+) readings")
RE_ACKED = re.compile(r"(\d+) readings acknowledged since start")
# With delivery receipts on, the status line goes on with "; N batches awaiting a receipt ...", and
# "readings acknowledged" counts what receipts named stored (rejected batches are counted apart).
RECEIPTS_MARK = "awaiting a receipt"


def say(msg):
    print(f"reliability: {msg}", flush=True)


def now_ms():
    return int(time.time() * 1000)


def parse_iso_ms(s):
    s = s.strip().rstrip("Z")
    frac = 0
    if "." in s:
        s, f = s.split(".", 1)
        frac = int((f + "000")[:3])
    t = time.strptime(s, "%Y-%m-%dT%H:%M:%S")
    return calendar.timegm(t) * 1000 + frac


def seconds_of(v):
    m = re.fullmatch(r"(\d+)(s|m|h)?", v)
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {v} (e.g. 90, 90s, 30m, 1h)")
    return int(m.group(1)) * {"s": 1, None: 1, "m": 60, "h": 3600}[m.group(2)]


class CaseFailed(Exception):
    pass


# --- processes ------------------------------------------------------------------------------------

class Proc:
    def __init__(self, name, argv, log, env=None, preexec=None):
        self.name, self.log = name, log
        log.parent.mkdir(parents=True, exist_ok=True)
        self.logf = open(log, "ab")
        self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.logf, stderr=subprocess.STDOUT,
                                  env=env, start_new_session=True, preexec_fn=preexec)
        self.pid = self.p.pid

    def alive(self):
        return self.p.poll() is None

    def signal(self, sig):
        if self.alive():
            os.kill(self.pid, sig)

    def stop(self, timeout=30):
        if not self.alive():
            return self.p.returncode
        try:
            os.kill(self.pid, signal.SIGCONT)
            os.kill(self.pid, signal.SIGTERM)
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            return self.p.wait(10)
        finally:
            self.logf.close()

    def kill(self):
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        self.p.wait(10)
        self.logf.close()


class Agent:
    """One edge agent: its site copy, broker account, config, disk queue; one or more runs."""

    def __init__(self, h, n, case_dir, extra=None):
        self.h, self.n = h, n
        self.site, self.edge = f"b{n}-{h.site_id}", f"b{n}-edge1"
        self.dir = case_dir / f"agent-b{n}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.extra = extra or {}
        self.runs = []          # [{"log": path, "final": status or None, "killed": bool}]
        self.proc = None
        self.write_config()

    def write_config(self):
        e = self.extra
        sim = [f"  site-file: {self.h.sites_dir / f'b{self.n}.yaml'}", f"  seed: {40 + self.n}"]
        if "start" in e:
            sim += [f"  start: {e['start']}", f"  acceleration: {e['acceleration']}"]
        text = "\n".join([
            "# written by bin/reliability",
            f"site: {self.site}",
            f"edge: {self.edge}",
            "broker:",
            f"  url: tcp://127.0.0.1:{self.h.ports['mqtt']}",
            f"  username: {self.edge}",
            f"  password: {self.h.agent_password}",
            f"  keep-alive: {e.get('keep_alive', '10s')}",
            "sampling:",
            f"  period: {self.h.period_ms}ms",
            "simulate:",
            *sim,
            "queue:",
            f"  dir: {self.dir / 'queue'}",
            f"  max-bytes: {e.get('max_bytes', '256MB')}",
            f"  drain-rate: {e.get('drain_rate', 5000)}",
            *(["  receipts: false"] if self.h.opts.puback else []),
            "status:",
            "  interval: 1s",
            "",
        ])
        (self.dir / "agent.yaml").write_text(text)

    def start(self, extra_args=()):
        log = self.dir / f"run{len(self.runs) + 1}.log"
        env = dict(os.environ, TZ="UTC")
        self.proc = Proc(f"agent-b{self.n}", ["java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", str(AGENT_JAR), "run",
                                             "--config", str(self.dir / "agent.yaml"), *extra_args], log, env=env)
        self.runs.append({"log": log, "final": None, "killed": False, "pid": self.proc.pid})
        self.h.pids.append((f"agent-b{self.n}", self.proc.pid))

    def statuses(self, run=-1):
        out = []
        try:
            with open(self.runs[run]["log"], encoding="utf-8", errors="replace") as f:
                for line in f:
                    s = parse_status(line)
                    if s:
                        out.append(s)
        except OSError:
            pass
        return out

    def last(self, run=-1):
        st = self.statuses(run)
        return st[-1] if st else None

    def stop(self, notes):
        self.proc.stop(30)
        last = self.last()
        if last is not None and last.get("final"):
            self.runs[-1]["final"] = last
            return
        # No closing summary (seen: SIGTERM interrupting a queue write, ClosedByInterruptException): count this
        # run by its last status line (at most 1 s old) and let a short second run resend what it had not recorded.
        err = ""
        try:
            err = [l for l in self.runs[-1]["log"].read_text(errors="replace").splitlines() if l.strip()][-1][:160]
        except (OSError, IndexError):
            pass
        notes.append(f"agent {self.edge} did not stop cleanly ({err}): its count is its last status line, at most "
                     f"1 s old (a loss in that second would be hidden); a 5 s run on its queue resent the rest")
        self.runs[-1]["final"] = self.last()
        self.runs[-1]["unclean"] = True
        self.start(["--duration", "5s"])
        try:
            self.proc.p.wait(90)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        last = self.last()
        if last is None or not last.get("final"):
            raise CaseFailed(f"agent {self.edge} wrote no closing summary at its stop (log {self.runs[-1]['log']})")
        self.runs[-1]["final"] = last

    def kill(self):
        self.runs[-1]["final"] = self.last()
        self.runs[-1]["killed"] = True
        self.proc.kill()

    def basis(self):
        """receipt when the agent ran with delivery receipts (its status lines say so), else puback."""
        return "receipt" if any(st.get("receipts") for i in range(len(self.runs)) for st in self.statuses(i)) else "puback"

    def start_queue(self, run):
        try:
            with open(self.runs[run]["log"], encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = RE_START_QUEUE.search(line)
                    if m:
                        return int(m.group(2))
        except OSError:
            pass
        return None

    def delivered(self):
        """(readings this agent considers delivered, its own acknowledged counter), over all its runs of the case.

        Delivered is what left its queue other than by the cap: queue at the start + queued - queue at the end
        - dropped meanwhile, from the run's closing summary. The agent's own counter adds a resent batch's
        readings again when both sends are acknowledged, so it is kept beside, not used. A SIGKILLed run has no
        summary: its last status line's acknowledged count stands in (the cases kill an agent while nothing
        is in flight)."""
        delivered = counted = 0
        dropped_before = 0
        for i, r in enumerate(self.runs):
            f = r["final"]
            if f is None:
                raise CaseFailed(f"agent {self.edge}: no status line in {r['log']}")
            counted += f["acked"]
            q0 = self.start_queue(i)
            if f.get("final") and f.get("queued") is not None and q0 is not None:
                delivered += q0 + f["queued"] - f["readings"] - (f["dropped"] - dropped_before)
            else:
                delivered += f["acked"]
            dropped_before = f["dropped"]
        return delivered, counted


RE_RUN = re.compile(r"^run: .*?(\d+) readings acknowledged.*queue holds (\d+) readings, dropped (\d+) readings")
RE_RUN_QUEUED = re.compile(r"(\d+) readings queued")
RE_START_QUEUE = re.compile(r"queue \S+ holds (\d+) batches \((\d+) readings\)")


def parse_final(line):
    """The agent's closing summary line ("run: ..."), written once a clean stop finished."""
    m = RE_RUN.match(line)
    if not m:
        return None
    q = RE_RUN_QUEUED.search(line)
    return {"t": now_ms(), "connected": False, "batches": None, "readings": int(m.group(2)), "oldest_age_ms": None,
            "dropped": int(m.group(3)), "acked": int(m.group(1)), "delivered": int(m.group(1)),
            "queued": int(q.group(1)) if q else None, "receipts": RECEIPTS_MARK in line, "final": True}


def parse_status(line):
    if line.startswith("run: "):
        return parse_final(line)
    m = RE_STATUS.match(line.rstrip("\n"))
    if not m or "acknowledged since start" not in line:
        return None
    rest = m.group(5)
    q, d, a = RE_QUEUE.search(rest), RE_DROPPED.search(rest), RE_ACKED.search(rest)
    if not (q and d and a):
        return None
    t = parse_iso_ms(m.group(1))
    oldest = parse_iso_ms(q.group(3)) if q.group(3) else None
    return {"t": t, "connected": m.group(4) == "connected", "batches": int(q.group(1)), "readings": int(q.group(2)),
            "oldest_age_ms": None if oldest is None else t - oldest, "dropped": int(d.group(1)),
            "acked": int(a.group(1)), "delivered": int(a.group(1)), "receipts": RECEIPTS_MARK in rest}


# --- the harness --------------------------------------------------------------------------------

class Harness:
    def __init__(self, opts):
        self.opts = opts
        self.out = Path(opts.out).resolve()
        self.period_ms = PERIOD_MS
        self.pids = []
        self.services = {}
        self.metrics_last = {}     # service name -> (pid, counters) of its last good sample
        self.segments = []         # per service incarnation: [first counters, last counters]
        self.proxy = None
        self.sampler = None
        self.deadletters = None

    # stack ---------------------------------------------------------------------------------------
    def stack(self, *args, check=True, preexec=None):
        r = subprocess.run([str(STACK), *args], env=self.stack_env_os, capture_output=True, text=True,
                           preexec_fn=preexec)
        if check and r.returncode != 0:
            raise RuntimeError(f"bin/stack {' '.join(args)} failed: {r.stderr.strip()[-500:]}")
        return r.stdout.strip()

    def setup(self):
        self.out.mkdir(parents=True, exist_ok=True)
        stack_dir = self.out / "stack"
        if stack_dir.exists():
            subprocess.run([str(STACK), "reset"], env=dict(os.environ, FM_STACK_DIR=str(stack_dir)), capture_output=True)
            shutil.rmtree(stack_dir, ignore_errors=True)
        for d in ("cases", "sites"):
            shutil.rmtree(self.out / d, ignore_errors=True)
        for f in ("results.jsonl", "table.txt", "dead-letters.txt", "soak.jsonl"):
            (self.out / f).unlink(missing_ok=True)
        ports = subprocess.run([sys.executable, str(REPO / "bin/bench.d/benchlib.py"), "ports", "9"],
                               capture_output=True, text=True, check=True).stdout.split()
        names = ["pg", "mqtt", "influx", "influxd", "influxd_bind", "http1", "http2", "proxy", "spare"]
        self.ports = dict(zip(names, map(int, ports)))
        self.stack_env_os = dict(os.environ, FM_STACK_DIR=str(stack_dir), FM_PG_PORT=str(self.ports["pg"]),
                                 FM_MQTT_PORT=str(self.ports["mqtt"]), FM_INFLUX_PORT=str(self.ports["influx"]),
                                 FM_INFLUXD_PORT=str(self.ports["influxd"]),
                                 FM_INFLUXD_BIND_PORT=str(self.ports["influxd_bind"]))
        say(f"starting a private stack in {stack_dir} (mosquitto :{self.ports['mqtt']}, influxdb :{self.ports['influx']})")
        self.stack("start")
        self.env = {}
        for line in self.stack("env").splitlines():
            k, sep, v = line.partition("=")
            if sep:
                self.env[k] = v
        os.environ["FM_INFLUX_TOKEN"] = self.env["FM_INFLUX_TOKEN"]
        self.admin = ("rel-admin", "admin-" + self.env["QUARKUS_DATASOURCE_PASSWORD"])
        os.environ["FM_API_AUTH"] = f"{self.admin[0]}:{self.admin[1]}"
        self.influx_url = self.env["FM_INFLUX_URL"]
        self.sites_dir = self.out / "sites"
        # twice as many site copies as agents: the second half serves the clock-off case alone (its seqs come
        # from a clock 10 minutes behind, so they would fall among earlier cases' seqs on a shared site)
        info = subprocess.run([sys.executable, str(REPO / "bin/bench.d/benchlib.py"), "sites", str(SITE_FILE),
                               str(2 * self.opts.agents), str(self.sites_dir)], capture_output=True, text=True, check=True)
        meta = json.loads(info.stdout)
        self.site_id, self.points = meta["site"], meta["points"]
        self.agent_password = "rel-" + os.urandom(8).hex()
        for n in range(1, 2 * self.opts.agents + 1):
            self.stack("mqtt-user", f"b{n}-edge1", self.agent_password)
        # InfluxDB answers the service through a fault proxy (mode "pass" except in its cases).
        self.proxy = FaultProxy(self.ports["proxy"], self.ports["influx"]).start()
        self.start_service("svc1", "fm-rel-1")
        self.sampler = threading.Thread(target=self._sample_metrics, name="metrics", daemon=True)
        self.sampler.start()
        self.deadletters = DeadLetters(self)

    def teardown(self):
        for a in getattr(self, "live_agents", []):
            try:
                a.proc.kill()
            except Exception:
                pass
        for s in list(self.services.values()):
            s.stop(20)
        if self.deadletters:
            self.deadletters.stop()
        if self.proxy:
            self.proxy.stop()
        if hasattr(self, "stack_env_os"):
            if self.opts.keep_stack:
                say(f"stack kept in {self.out / 'stack'} (--keep-stack)")
            else:
                subprocess.run([str(STACK), "reset"], env=self.stack_env_os, capture_output=True)

    # service -------------------------------------------------------------------------------------
    def start_service(self, name, client_id, shared_group=None, wait=True):
        port = self.ports["http1"] if name == "svc1" else self.ports["http2"]
        env = dict(os.environ)
        env.update(self.env)
        env.update(FM_ADMIN_USERNAME=self.admin[0], FM_ADMIN_PASSWORD=self.admin[1],
                   FM_HTTP_PORT=str(port), FM_MQTT_CLIENT_ID=client_id,
                   FM_INFLUX_URL=f"http://127.0.0.1:{self.ports['proxy']}",
                   FM_REGISTRY_SEED_FILES=",".join([str(SITE_FILE)] + [str(self.sites_dir / f"b{n}.yaml")
                                                                        for n in range(1, 2 * self.opts.agents + 1)]))
        if shared_group:
            env["FM_MQTT_SHARED_GROUP"] = shared_group
        p = Proc(name, ["java", f"-Xmx{self.opts.heap}", "-jar", str(SERVICE_JAR)], self.out / f"{name}.log", env=env)
        p.port = port
        self.services[name] = p
        self.pids.append((name, p.pid))
        if wait:
            self.wait_ready(name)
        return p

    def wait_ready(self, name, timeout=240):
        p = self.services[name]
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not p.alive():
                raise RuntimeError(f"the service {name} exited at start (log {p.log})")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{p.port}/q/health/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except Exception:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the service {name} was not ready within {timeout} s (log {p.log})")

    def metrics(self, name="svc1"):
        p = self.services.get(name)
        if p is None or not p.alive():
            return None
        try:
            return counters_full(bl.parse_prom(bl.fetch(f"http://127.0.0.1:{p.port}/q/metrics", timeout=5)))
        except Exception:
            return None

    def _sample_metrics(self):
        """Keeps the latest counters of every running service incarnation (a SIGKILL loses what follows)."""
        while True:
            for name, p in list(self.services.items()):
                c = self.metrics(name)
                if c is None:
                    continue
                seg = self.metrics_last.get((name, p.pid))
                if seg is None:
                    self.metrics_last[(name, p.pid)] = [c, c]
                else:
                    seg[1] = c
            time.sleep(1.0)

    def counters_now(self):
        """{(name, pid): [first, last]} copy: the counters of every incarnation seen so far."""
        return {k: [v[0], v[1]] for k, v in self.metrics_last.items()}

    def svc_pid(self, name="svc1"):
        return self.services[name].pid

    # InfluxDB -----------------------------------------------------------------------------------
    def influx_count(self, site, seq_from, seq_to):
        q = (f"SELECT count(\"seq\") FROM /.*/ WHERE \"site\" = '{site}' AND \"seq\" >= {seq_from} AND \"seq\" < {seq_to} "
             f"AND time > now() - 30d AND time < now() + 1h")
        return sum(int(row[1]) for s in bl.influx_query(self.influx_url, "facility", q) for row in s["values"])

    # lag -----------------------------------------------------------------------------------------
    def lag_ok(self, agents, prev, cur):
        """Live lag under 1 s: every agent connected with its oldest queued reading younger than 1 s,
        and every reading the service stored between two samples stored within 1 s of its timestamp."""
        t = now_ms()
        for a in agents:
            s = a.last()
            if s is None or t - s["t"] > 2500 or not s["connected"]:
                return False
            if s["oldest_age_ms"] is not None and s["oldest_age_ms"] > 1000:
                return False
        if prev is None or cur is None:
            return False
        n = cur["lat_count"] - prev["lat_count"]
        fast = cur["lat_le_1"] - prev["lat_le_1"]
        return n > 0 and fast >= n

    def wait_lag(self, agents, timeout, what):
        t0 = time.time()
        prev = self.metrics()
        while time.time() - t0 < timeout:
            time.sleep(1.0)
            for a in agents:
                if not a.proc.alive():
                    tail = a.runs[-1]["log"].read_text(errors="replace").strip().splitlines()[-2:]
                    raise CaseFailed(f"{what}: agent {a.edge} exited ({' / '.join(tail)[:200]})")
            cur = self.metrics()
            if self.lag_ok(agents, prev, cur):
                return time.time() - t0
            prev = cur
        raise CaseFailed(f"{what}: the lag stayed above 1 s for {timeout} s")


def counters_full(samples):
    c = bl.counters(samples)
    lat_count, le1 = 0.0, 0.0
    buckets = {}
    for n, l, v in samples:
        if n == "fm_ingest_store_latency_seconds_bucket" and "le" in l:
            buckets[float(l["le"])] = buckets.get(float(l["le"]), 0.0) + v
    if buckets:
        lat_count = buckets.get(math.inf, max(buckets.values()))
        le1 = max((v for le, v in buckets.items() if le <= 1.0), default=0.0)
    c["lat_count"], c["lat_le_1"] = lat_count, le1
    return c



class DeadLetters:
    """Every dead letter of the stack, as the service's account receives them (mosquitto_sub)."""

    def __init__(self, h):
        self.h = h
        self.file = h.out / "dead-letters.txt"
        self.start()

    def start(self):
        self.proc = Proc("dead-letters", ["stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.h.ports["mqtt"]),
                                          "-u", "fm-service", "-P", self.h.env["FM_MQTT_PASSWORD"], "-i", f"fm-rel-dl-{os.getpid()}",
                                          "-t", "fm/v1/+/dead-letter/+", "-F", "%U\t%t\t%p", "-q", "1"],
                         self.file, env=dict(os.environ))

    def restart_if_gone(self):
        if not self.proc.alive():
            self.start()

    def lines(self):
        out = []
        try:
            with open(self.file, encoding="utf-8", errors="replace") as f:
                for line in f:
                    parts = line.rstrip("\n").split("\t", 2)
                    if len(parts) == 3:
                        try:
                            out.append((float(parts[0]), parts[1], json.loads(parts[2])))
                        except ValueError:
                            pass
        except OSError:
            pass
        return out

    def stop(self):
        self.proc.stop(5)


# --- one case -------------------------------------------------------------------------------------

class Ctx:
    """What a case's fault function sees and leaves: agents, notes, the moment the fault was cleared."""

    def __init__(self, h, case, agents):
        self.h, self.case, self.agents = h, case, agents
        self.t_cleared = None
        self.fault = case.fault_text
        self.notes = []
        self.extra_rejected = 0        # rejected readings not from the agents (the bad-payload suite)
        self.duplicates = None
        self.no_recovery = None
        self.recovery = None

    def cleared(self):
        self.t_cleared = time.time()

    def measure_recovery(self):
        """The recovery time now, for a case that checks more after it (the rule cases)."""
        try:
            self.h.wait_lag(self.agents, self.h.opts.recovery_timeout, "recovery")
            self.recovery = f"{time.time() - self.t_cleared:.1f} s"
        except CaseFailed as e:
            self.recovery = f"> {self.h.opts.recovery_timeout} s"
            self.notes.append(str(e))


class Case:
    def __init__(self, num, name, fault_text, fn, fast=False, agent_extra=None, possible=None, long=False):
        self.num, self.name, self.fault_text, self.fn = num, name, fault_text, fn
        self.fast, self.agent_extra, self.possible, self.long = fast, agent_extra or {}, possible, long


def run_case(h, case):
    row = {"num": case.num, "test": case.name, "fault": case.fault_text, "load": None}
    if case.possible:
        why = case.possible(h)
        if why:
            row["status"] = f"not possible here: {why}"
            return row
    case_dir = h.out / "cases" / f"{case.num:02d}-{case.name}"
    case_dir.mkdir(parents=True, exist_ok=True)
    own = case.agent_extra.get("own_sites")
    seq_from = 0 if own else now_ms()
    first = h.opts.agents + 1 if own else 1
    agents = [Agent(h, n, case_dir, case.agent_extra) for n in range(first, first + h.opts.agents)]
    h.live_agents = agents
    ctx = Ctx(h, case, agents)
    for a in agents:
        a.start()
    if case.agent_extra.get("no_warm_lag"):
        wait_until(lambda: all(a.last() and a.last()["connected"] for a in agents), 60, "agents connected")
    else:
        h.wait_lag(agents, 90, "warm-up")
    base = h.counters_now()
    t_load = time.time()
    time.sleep(h.opts.pre)  # steady load before the fault (load, not a wait for a condition)
    case.fn(ctx)
    if ctx.t_cleared is None:
        ctx.cleared()
    if ctx.no_recovery:
        row["recovery"] = ctx.no_recovery
    elif ctx.recovery:
        row["recovery"] = ctx.recovery
    else:
        try:
            h.wait_lag(agents, h.opts.recovery_timeout, "recovery")
            row["recovery"] = f"{time.time() - ctx.t_cleared:.1f} s"
        except CaseFailed as e:
            row["recovery"] = f"> {h.opts.recovery_timeout} s"
            ctx.notes.append(str(e))
    time.sleep(h.opts.post)  # steady load after the recovery
    for a in agents:
        a.stop(ctx.notes)
    t_end = time.time()
    for s in h.services.values():
        if not s.alive():
            raise CaseFailed(f"{s.name} is not running at the end of the case (log {s.log})")
    seq_to = now_ms() + 10_000_000
    both = {a.edge: a.delivered() for a in agents}
    acked = {k: v[0] for k, v in both.items()}
    over = sum(v[1] - v[0] for v in both.values())
    if over > 0:
        ctx.notes.append(f"the agents' own 'readings acknowledged' counters say {over:,} more than left their queues: "
                         f"resent batches acknowledged twice are counted twice there")
    basis = {a.basis() for a in agents}
    total_acked = sum(acked.values())
    # drain: until InfluxDB holds what the agents delivered, or nothing changes for 15 s
    stored, last_change, last_val = 0, time.time(), None
    deadline = time.time() + h.opts.drain_timeout
    while time.time() < deadline:
        counts = {a.site: h.influx_count(a.site, seq_from, seq_to) for a in agents}
        rej = rejected_delta(h, base, h.points) - ctx.extra_rejected
        stored = sum(counts.values())
        if stored + rej >= total_acked:
            break
        val = (stored, rej)
        if val != last_val:
            last_val, last_change = val, time.time()
        elif time.time() - last_change >= 15:
            break
        time.sleep(2)
    time.sleep(1.5)  # one more metrics sample after the drain
    end = h.counters_now()
    rejected = rejected_delta(h, base, h.points, end) - ctx.extra_rejected
    counts = {a.site: h.influx_count(a.site, seq_from, seq_to) for a in agents}
    stored = sum(counts.values())
    received = counter_delta(base, end, "received")
    lost = total_acked - stored - rejected
    secs = max(1.0, t_end - t_load)
    row.update({
        "load": f"{h.opts.agents}x{h.points}/{h.period_ms}ms",
        "acknowledged": total_acked, "basis": "/".join(sorted(basis)), "stored": stored, "rejected": rejected,
        "lost": lost, "duplicates": ctx.duplicates if ctx.duplicates is not None else max(0, int(received - stored - rejected)),
        "redelivered": int(counter_delta(base, end, "redelivered")),
        "fault": ctx.fault, "notes": ctx.notes, "rate": round(total_acked / secs),
        "per_agent": {a.edge: {"delivered": acked[a.edge], "agent_counter": both[a.edge][1], "stored": counts[a.site],
                               "dropped": a.runs[-1]["final"]["dropped"], "runs": len(a.runs)} for a in agents},
        "status": "ok" if lost <= 0 else "LOST",
    })
    if lost < 0:
        row["notes"].append(f"{-lost:,} readings stored that the edges never saw acknowledged (in flight at a "
                            f"disconnect or at the edges' stop): resent or simply unconfirmed, not a loss")
    h.live_agents = []
    return row


def counter_delta(base, end, key):
    total = 0.0
    for k, (first, last) in end.items():
        start = base[k][1] if k in base else first
        total += last[key] - start[key]
    return total


def rejected_delta(h, base, rpm, end=None):
    end = end or h.counters_now()
    return int(counter_delta(base, end, "readings_rejected") + rpm * counter_delta(base, end, "messages_rejected"))


def wait_until(cond, timeout, what, poll=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(poll)
    raise CaseFailed(f"timed out after {timeout} s waiting for: {what}")


# --- the catalogue --------------------------------------------------------------------------------

def mosquitto_pid(h):
    return int(h.stack("pid", "mosquitto"))


def kill_broker(h, delete_persistence=False):
    pid = mosquitto_pid(h)
    os.kill(pid, signal.SIGKILL)
    mq_home = h.out / "stack" / "mosquitto"
    wait_until(lambda: not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] == "Z",
               20, "the broker gone")
    if delete_persistence:
        for f in (mq_home / "data").glob("mosquitto.db*"):
            f.unlink()


def start_broker(h):
    h.stack("start", "mosquitto")
    h.deadletters.restart_if_gone()


def c_broker_kill(ctx):
    kill_broker(ctx.h)
    ctx.cleared()
    start_broker(ctx.h)


def c_broker_kill_frozen(ctx):
    h = ctx.h
    svc = h.services["svc1"]
    svc.signal(signal.SIGSTOP)
    time.sleep(15)  # the fault: the service frozen while the edges publish (the scenario)
    kill_broker(h)
    ctx.cleared()
    start_broker(h)
    svc.signal(signal.SIGCONT)


def c_broker_no_persistence(ctx):
    h = ctx.h
    svc = h.services["svc1"]
    svc.signal(signal.SIGSTOP)
    time.sleep(5)  # the fault: messages queued for the (frozen) service when the broker's disk is lost
    kill_broker(h, delete_persistence=True)
    ctx.cleared()
    start_broker(h)
    svc.signal(signal.SIGCONT)


def c_service_kill(ctx):
    h = ctx.h
    wait_until(lambda: (h.metrics() or {}).get("pending", 0) > 0, 30, "a write round in progress (pending > 0)", poll=0.05)
    h.services["svc1"].kill()
    ctx.cleared()
    h.start_service("svc1", "fm-rel-1")


def c_edge_kill(ctx):
    h = ctx.h
    h.stack("stop", "mosquitto")
    a = ctx.agents[0]
    # a backlog of at least 5 s of samples, with nothing in flight: the broker is away
    wait_until(lambda: (a.last() or {}).get("readings", 0) >= 50 * h.points and not a.last()["connected"], 60,
               "a backlog in the agent's queue")
    s = a.last()
    wait_until(lambda: a.last()["t"] > s["t"], 5, "a fresh status line")
    backlog = a.last()["readings"]
    a.kill()
    ctx.fault = f"edge SIGKILL holding {backlog:,} readings (broker away), then broker and edge restarted"
    ctx.cleared()
    start_broker(h)
    a.start()


def c_influx_stop(seconds):
    def fn(ctx):
        h = ctx.h
        before = reconnects(h)
        h.stack("stop", "influxdb")
        time.sleep(seconds)  # the fault: InfluxDB away this long
        ctx.cleared()
        h.stack("start", "influxdb")
        ctx.fault += f"; service MQTT reconnects {reconnects(h) - before}"
    return fn


def reconnects(h):
    try:
        return h.services["svc1"].log.read_text(errors="replace").count("MQTT reconnected")
    except OSError:
        return 0


def c_partition(ctx):
    h = ctx.h
    pid = mosquitto_pid(h)
    os.kill(pid, signal.SIGSTOP)
    time.sleep(45)  # the fault: the broker unreachable for longer than the agents' keepalive (10 s)
    os.kill(pid, signal.SIGCONT)
    ctx.cleared()


def c_bad_payloads(ctx):
    h = ctx.h
    cases = json.loads((INVALID_DIR / "cases.json").read_text())["cases"]
    published, answered, reasons, missing = 0, 0, {}, []
    for c in cases:
        before = len(h.deadletters.lines())
        # as the service's account: an edge account may publish only under its own edge id, and the broker
        # drops the rest silently, while the fixtures' topics name other edges on purpose
        r = subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(h.ports["mqtt"]), "-u", "fm-service",
                            "-P", h.env["FM_MQTT_PASSWORD"], "-i", "rel-bad", "-q", "1", "-t", c["topic"],
                            "-f", str(INVALID_DIR / c["file"])], capture_output=True, text=True)
        if r.returncode != 0:
            missing.append(f"{c['file']} (publish refused: {r.stderr.strip()[:80]})")
            continue
        published += 1
        try:
            wait_until(lambda: len(h.deadletters.lines()) > before, 15, f"a dead letter for {c['file']}", poll=0.1)
        except CaseFailed:
            missing.append(c["file"])
            continue
        answered += 1
        for _, _, d in h.deadletters.lines()[before:]:
            if d.get("level") == "message":
                reasons[d.get("reason")] = reasons.get(d.get("reason"), 0) + 1
                ctx.extra_rejected += h.points
            else:
                for rj in d.get("rejected", []):
                    reasons[rj.get("reason")] = reasons.get(rj.get("reason"), 0) + 1
                    ctx.extra_rejected += 1
    # message-level rejections count rpm readings in rejected_delta: the suite's message-level ones
    # were added above with the same weight, so the agents' figure stays theirs
    ctx.fault = (f"{published} of {len(cases)} invalid fixtures interleaved; {answered} dead-lettered with a reason "
                 f"({', '.join(f'{k} {v}' for k, v in sorted(reasons.items()))})")
    if missing:
        ctx.notes.append("no dead letter for: " + ", ".join(missing))
        raise CaseFailed("bad payloads without a dead letter: " + ", ".join(missing))
    ctx.cleared()


def c_two_services(ctx):
    h = ctx.h
    group = "rel"
    # the second instance joins first, so that the shared subscription exists before the first one leaves
    # its own session (what that session still queues is consumed after the case, by c_two_services_after)
    h.start_service("svc2", "fm-rel-s2", shared_group=group)
    h.services["svc1"].stop(30)
    h.start_service("svc1", "fm-rel-s1", shared_group=group)
    time.sleep(h.opts.pre)  # the load spread over both instances
    h.services["svc2"].kill()
    time.sleep(10)  # the fault: one instance dead, as long as a supervisor might take to notice
    ctx.cleared()
    h.start_service("svc2", "fm-rel-s2", shared_group=group)
    ctx.fault = ("two instances on a shared subscription ($share/rel/...), one SIGKILLed, restarted 10 s later "
                 "on its session")


def c_two_services_after(h):
    """Back to one service on its own session for the next cases."""
    if "svc2" in h.services:
        h.services.pop("svc2").stop(10)
    h.services["svc1"].stop(30)
    h.start_service("svc1", "fm-rel-1")


def c_clock_off(ctx):
    ctx.no_recovery = "n/a (offset kept)"


def c_queue_cap(ctx):
    h = ctx.h
    h.stack("stop", "mosquitto")
    wait_until(lambda: all((a.last() or {}).get("dropped", 0) > 0 for a in ctx.agents), 120,
               "every agent dropped its oldest data at the cap")
    ctx.cleared()
    start_broker(h)
    dropped = sum((a.last() or {}).get("dropped", 0) for a in ctx.agents)
    ctx.fault = f"queue cap 1MB (the smallest the agent takes), broker away until every edge dropped ({dropped:,} readings dropped, counted)"


def c_influx_errors(ctx):
    h = ctx.h
    h.proxy.mode = "error"
    time.sleep(20)  # the fault: 20 s of 500s
    h.proxy.mode = "slow"
    time.sleep(30)  # the fault: 30 s with every write held 20 s
    h.proxy.mode = "pass"
    ctx.cleared()
    ctx.fault = f"InfluxDB 500s 20 s, then 20 s per request for 30 s ({h.proxy.counts['error']} 500s, {h.proxy.counts['slow']} slowed)"


def c_influx_fsize(ctx):
    h = ctx.h
    import resource
    wal = h.out / "stack" / "influxdb" / "wal"
    sizes = [f.stat().st_size for f in wal.rglob("*") if f.is_file()]
    limit = max(sizes, default=0) + 16 * 1024
    log = h.out / "stack" / "influxdb" / "influxd.log"
    errors_before = log.read_text(errors="replace").count("file too large") if log.exists() else 0
    h.stack("stop", "influxdb")
    # influxd inherits the limit: a write past it fails (EFBIG, and SIGXFSZ)
    h.stack("start", "influxdb", check=False,
            preexec=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    time.sleep(40)  # the fault: InfluxDB cannot grow its files for this long
    alive = subprocess.run([str(STACK), "pid", "influxdb"], env=h.stack_env_os, capture_output=True).returncode == 0
    ctx.cleared()
    h.stack("stop", "influxdb", check=False)
    h.stack("start", "influxdb")
    errors = (log.read_text(errors="replace").count("file too large") if log.exists() else 0) - errors_before
    ctx.fault = (f"influxd restarted with RLIMIT_FSIZE {limit // 1024} KiB for 40 s "
                 f"({'influxd stayed up' if alive else 'influxd died'}, {errors} 'file too large' in its log), "
                 f"then restarted without")


# --- rules: alarms and work orders ------------------------------------------------------------------

def rest(h, method, path, body=None, timeout=30):
    url = f"http://127.0.0.1:{h.services['svc1'].port}{path}"
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Authorization", "Basic " + __import__("base64").b64encode(f"{h.admin[0]}:{h.admin[1]}".encode()).decode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        data = r.read()
    return json.loads(data) if data else None


def temperature_points(h, n, count, skip=0):
    """COUNT temperature points on distinct assets, after the first SKIP assets (each rule case its own assets:
    an asset with an open work order gets no second one)."""
    out, asset = [], None
    seen = []
    for line in (h.sites_dir / f"b{n}.yaml").read_text().splitlines():
        m = re.match(r"^- id: (b%d-[a-z0-9-]+)" % n, line)
        if m:
            asset = m.group(1)
            continue
        m = re.search(r"\{id: (b%d-[a-z0-9-]+), [^}]*quantity: temperature, [^}]*kind: instantaneous" % n, line)
        if m and asset and asset not in seen:
            seen.append(asset)
            if len(seen) > skip:
                out.append(m.group(1))
    return out[:count]


def rules_version(h):
    try:
        return bl.total(bl.parse_prom(bl.fetch(f"http://127.0.0.1:{h.services['svc1'].port}/q/metrics")),
                        "fm_rules_loaded_version") or 0
    except Exception:
        return None


def make_rules(ctx, tag, per_agent, hold, skip=0):
    """THRESHOLD rules that hold for every reading (ABOVE -1000), each creating a work order; returns once
    the service has loaded them (fm_rules_loaded_version moved)."""
    v0 = rules_version(ctx.h)
    rules = {}
    for a in ctx.agents:
        for point in temperature_points(ctx.h, a.n, per_agent, skip):
            r = rest(ctx.h, "POST", "/api/rules", {
                "name": f"rel {tag} {point} {now_ms()}", "pointId": point, "kind": "THRESHOLD",
                "params": {"direction": "ABOVE", "limit": -1000, "for": hold}, "severity": "MAJOR",
                "enabled": True, "createsWorkOrder": True, "workOrderPriority": "P3"})
            rules[r["id"]] = a.site
    if not rules:
        raise CaseFailed("no temperature point found in the site copies for the rules")
    wait_until(lambda: (rules_version(ctx.h) or 0) > (v0 or 0), 30, "the service loaded the new rules", poll=0.2)
    return rules


def conclusions(h, rules):
    """({rule id: alarms}, {asset: work orders}) of the rules, as the service reports them over REST. A rule
    raises its own alarm; an asset gets one work order however many of its rules fire (the others' alarms
    are suppressed: "the asset has an open work order")."""
    alarms = {rid: 0 for rid in rules}
    orders = {}
    for site in set(rules.values()):
        for al in rest(h, "GET", f"/api/alarms?site={site}&limit=1000"):
            if al.get("ruleId") in alarms:
                alarms[al["ruleId"]] += 1
                orders.setdefault(al.get("assetId"), 0)
    for asset in list(orders):
        page = rest(h, "GET", f"/api/work-orders?asset={asset}&size=200")
        items = page if isinstance(page, list) else next((v for v in page.values() if isinstance(v, list)), [])
        orders[asset] = sum(1 for wo in items if wo.get("ruleId") in alarms)
    return alarms, orders


def settle_conclusions(ctx, rules, timeout=180):
    """Waits until every rule has its alarm and every firing asset its work order, then looks 10 s more
    for a second one."""
    h = ctx.h

    def complete():
        alarms, orders = conclusions(h, rules)
        return all(alarms.values()) and orders and all(orders.values())
    try:
        wait_until(complete, timeout, "one alarm per rule and one work order per firing asset", poll=2)
    except CaseFailed:
        alarms, orders = conclusions(h, rules)
        missing = [rid for rid, n in alarms.items() if n == 0] + [a for a, n in orders.items() if n == 0]
        ctx.notes.append(f"after {timeout} s: alarms per rule {alarms}, work orders per asset {orders}")
        raise CaseFailed(f"conclusions missing for {missing} ({len(rules)} rules)")
    time.sleep(10)  # the absence check: a second alarm or work order would show within this, after the first arrived
    alarms, orders = conclusions(h, rules)
    ctx.duplicates = sum(max(0, n - 1) for n in alarms.values()) + sum(max(0, n - 1) for n in orders.values())
    return alarms, orders


def c_postgres_rules(ctx):
    h = ctx.h
    rules = make_rules(ctx, "pg", 3, "20s")
    h.stack("stop", "postgres")
    time.sleep(40)  # the fault: PostgreSQL away while the rules' 20 s hold elapses and they fire
    ctx.cleared()
    h.stack("start", "postgres")
    ctx.measure_recovery()
    alarms, orders = settle_conclusions(ctx, rules)
    ctx.fault = (f"{len(rules)} THRESHOLD rules (hold 20 s, work orders) on {len(orders)} assets, PostgreSQL stopped "
                 f"40 s as they fired; alarms {sum(alarms.values())}, work orders {sum(orders.values())} "
                 f"(duplicates: beyond one alarm per rule, one work order per asset)")


def c_service_kill_alarm(ctx):
    h = ctx.h
    rules = make_rules(ctx, "kill", 3, "0s", skip=3)
    wait_until(lambda: any(conclusions(h, rules)[0].values()), 60, "the first alarm of the new rules", poll=0.05)
    h.services["svc1"].kill()
    ctx.cleared()
    h.start_service("svc1", "fm-rel-1")
    ctx.measure_recovery()
    alarms, orders = settle_conclusions(ctx, rules)
    ctx.fault = (f"{len(rules)} THRESHOLD rules (firing on the next reading, work orders) on {len(orders)} assets; "
                 f"service SIGKILLed as the first alarm appeared; alarms {sum(alarms.values())}, work orders "
                 f"{sum(orders.values())}")


def not_done(why):
    return lambda h: why


def catalogue():
    return [
        Case(1, "broker-kill", "broker SIGKILL, restarted at once", c_broker_kill),
        Case(2, "broker-kill-frozen", "service SIGSTOP 15 s, broker SIGKILL + restart, SIGCONT", c_broker_kill_frozen, fast=True),
        Case(3, "broker-no-persistence", "service SIGSTOP 5 s, broker SIGKILL, mosquitto.db deleted, restart",
             c_broker_no_persistence),
        Case(4, "service-kill", "service SIGKILL mid-batch (pending > 0), restarted", c_service_kill, fast=True),
        Case(5, "edge-kill", "edge SIGKILL with a backlog", c_edge_kill, fast=True, agent_extra={"drain_rate": 2000}),
        Case(6, "influx-stop-30s", "InfluxDB stopped 30 s", c_influx_stop(30)),
        Case(7, "postgres-rules", "PostgreSQL stopped while rules fire", c_postgres_rules),
        Case(8, "partition", "broker SIGSTOP 45 s (edge-broker partition; no iptables on this host)", c_partition),
        Case(9, "bad-payloads", "contract/v1/invalid fixtures under load", c_bad_payloads, fast=True),
        Case(10, "two-services", "two instances, one SIGKILLed", c_two_services),
        Case(11, "edge-clock-off", "edge clock 10 min behind", c_clock_off,
             agent_extra={"start": "-10m", "acceleration": "1.0000001", "no_warm_lag": True, "own_sites": True}),
        Case(12, "edge-queue-cap", "queue cap reached", c_queue_cap, agent_extra={"max_bytes": "1MB"}),
        Case(13, "influx-500-slow", "InfluxDB 500s, then very slow (fault proxy)", c_influx_errors),
        Case(14, "influx-stop-5m", "InfluxDB stopped 5 min", c_influx_stop(300), long=True),
        Case(15, "service-kill-alarm", "service SIGKILL mid-alarm", c_service_kill_alarm),
        Case(16, "influx-disk-errors", "InfluxDB file size limit", c_influx_fsize),
    ]


# --- table ------------------------------------------------------------------------------------------

COLS = [("#", "num"), ("test", "test"), ("load r/s", "rate"), ("acknowledged", "acknowledged"), ("stored", "stored"),
        ("rejected", "rejected"), ("lost", "lost"), ("duplicates", "duplicates"), ("redelivered", "redelivered"),
        ("recovery", "recovery"), ("result", "status")]


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def print_table(rows, file=sys.stdout):
    cells = [[fmt(r.get(k)) for _, k in COLS] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, (h, _) in enumerate(COLS)]
    line = lambda vals: "  ".join(v.rjust(w) if i in (0, 2, 3, 4, 5, 6, 7, 8) else v.ljust(w)
                                  for i, (v, w) in enumerate(zip(vals, widths))).rstrip()
    print(line([h for h, _ in COLS]), file=file)
    for c in cells:
        print(line(c), file=file)
    print("", file=file)
    for r in rows:
        print(f"  {r['num']:>2} {r['test']}: {r.get('fault')}"
              + (f" [acknowledged = {r['basis']}]" if r.get("basis") else "")
              + "".join(f"\n       note: {n}" for n in r.get("notes", [])), file=file)


# --- soak ------------------------------------------------------------------------------------------

def proc_figures(pid):
    st = bl.proc_status(pid)
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        threads = len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        fds = threads = None
    return {"rss_mib": (st.get("VmRSS") or 0) / 1024, "fds": fds, "threads": threads}


def slope_per_hour(points):
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    den = sum((t - mx) ** 2 for t, _ in points)
    return None if den == 0 else sum((t - mx) * (v - my) for t, v in points) / den * 3600


def soak(h, seconds, interval):
    case_dir = h.out / "cases" / "soak"
    agents = [Agent(h, n, case_dir) for n in range(1, h.opts.agents + 1)]
    h.live_agents = agents
    for a in agents:
        a.start()
    loads = []
    if h.opts.soak_rate > 0:
        for n in range(1, h.opts.agents + 1):
            h.stack("mqtt-user", f"b{n}-load1", h.agent_password)
            loads.append(Proc(f"load-b{n}", ["java", "-Xmx256m", "-XX:+UseSerialGC", "-jar", str(LOAD_JAR), "load",
                                             "--site-file", str(h.sites_dir / f"b{n}.yaml"), "--broker",
                                             f"tcp://127.0.0.1:{h.ports['mqtt']}", "--username-prefix", f"b{n}-load",
                                             "--password", h.agent_password, "--connections", "1", "--rate",
                                             str(h.opts.soak_rate / h.opts.agents), "--readings-per-message", "50",
                                             "--duration", f"{seconds}s", "--inflight", "64"], case_dir / f"load-b{n}.log"))
    rows = []
    t0 = time.time()
    svc = h.services["svc1"]
    say(f"soak: {seconds} s, a sample every {interval} s (service pid {svc.pid}; agents "
        + ", ".join(str(a.proc.pid) for a in agents) + ")")
    while True:
        m = h.metrics() or {}
        row = {"t_min": round((time.time() - t0) / 60, 1), "heap_mib": round(m.get("heap_used", 0) / 2**20, 1),
               "stored": int(m.get("stored", 0)), "service": proc_figures(svc.pid),
               "agents": {a.edge: proc_figures(a.proc.pid) for a in agents}}
        rows.append(row)
        a_rss = sum(v["rss_mib"] for v in row["agents"].values())
        say(f"soak t={row['t_min']:5.1f} min  heap {row['heap_mib']:7.1f} MiB  service rss {row['service']['rss_mib']:7.1f} MiB "
            f"fds {row['service']['fds']} threads {row['service']['threads']}  agents rss {a_rss:7.1f} MiB  stored {row['stored']:,}")
        if time.time() - t0 >= seconds:
            break
        time.sleep(max(0.0, interval - ((time.time() - t0) % interval)))
    for l in loads:
        l.stop(30)
    notes = []
    for a in agents:
        a.stop(notes)
    with open(h.out / "soak.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print()
    print("=== soak: one line per sample (service heap used, RSS, open files, threads; agents' RSS, fds, threads summed) ===")
    print(f"{'min':>6} {'heap MiB':>9} {'svc RSS':>8} {'svc fds':>7} {'svc thr':>7} {'ag RSS':>7} {'ag fds':>6} {'ag thr':>6} {'stored':>12}")
    for r in rows:
        ag = r["agents"].values()
        print(f"{r['t_min']:>6} {r['heap_mib']:>9} {r['service']['rss_mib']:>8.1f} {fmt(r['service']['fds']):>7} "
              f"{fmt(r['service']['threads']):>7} {sum(v['rss_mib'] for v in ag):>7.1f} {sum(v['fds'] or 0 for v in ag):>6} "
              f"{sum(v['threads'] or 0 for v in ag):>6} {r['stored']:>12,}")
    print("growth per hour (least-squares slope over the samples):")
    series = {"service heap MiB": [(r["t_min"] * 60, r["heap_mib"]) for r in rows],
              "service RSS MiB": [(r["t_min"] * 60, r["service"]["rss_mib"]) for r in rows],
              "service open files": [(r["t_min"] * 60, r["service"]["fds"] or 0) for r in rows],
              "service threads": [(r["t_min"] * 60, r["service"]["threads"] or 0) for r in rows]}
    for a in agents:
        series[f"{a.edge} RSS MiB"] = [(r["t_min"] * 60, r["agents"][a.edge]["rss_mib"]) for r in rows]
        series[f"{a.edge} open files"] = [(r["t_min"] * 60, r["agents"][a.edge]["fds"] or 0) for r in rows]
        series[f"{a.edge} threads"] = [(r["t_min"] * 60, r["agents"][a.edge]["threads"] or 0) for r in rows]
    for k, pts in series.items():
        s = slope_per_hour(pts)
        print(f"  {k:<28} {'n/a' if s is None else f'{s:+.2f}/h'}")


# --- main ------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(prog="bin/reliability", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="NAME[,NAME]: these cases (names or numbers)")
    ap.add_argument("--fast", action="store_true", help="the fast subset (2, 4, 5, 9)")
    ap.add_argument("--list", action="store_true", help="list the catalogue and exit")
    ap.add_argument("--soak", type=seconds_of, help="DURATION: the soak instead of the catalogue")
    ap.add_argument("--soak-interval", type=seconds_of, default=60, help="sample interval of the soak (default 60s)")
    ap.add_argument("--soak-rate", type=float, default=1000,
                    help="soak: extra load-generator messages/s (50 readings each) over all edges, beside the agents "
                         "(default 1000: the benchmark's 50,000 readings/s target); 0 = agents only")
    ap.add_argument("--load", type=int, default=1260,
                    help="fault load in readings/s, made of edges of %(prog)s's site copy (63 points every 100 ms "
                         "= 630 readings/s each; default 1260 = 2 edges)")
    ap.add_argument("--out", default=str(REPO / "target" / "reliability"), help="output folder (raw logs, samples)")
    ap.add_argument("--pre", type=float, default=8, help=argparse.SUPPRESS)
    ap.add_argument("--post", type=float, default=4, help=argparse.SUPPRESS)
    ap.add_argument("--recovery-timeout", type=int, default=300, help=argparse.SUPPRESS)
    ap.add_argument("--drain-timeout", type=int, default=300, help=argparse.SUPPRESS)
    ap.add_argument("--puback", action="store_true",
                    help="agents with queue.receipts: false (a batch forgotten at the broker's PUBACK, as before "
                         "receipts): the 'before' figures")
    ap.add_argument("--heap", default="512m", help="service heap (default 512m)")
    ap.add_argument("--keep-stack", action="store_true", help="leave the stack running at the end")
    opts = ap.parse_args()
    cases = catalogue()
    if opts.list:
        for c in cases:
            print(f"{c.num:>2} {c.name:<22} {'fast ' if c.fast else ('long ' if c.long else '     ')}{c.fault_text}")
        return 0
    if opts.only:
        want = set(opts.only.split(","))
        unknown = want - {c.name for c in cases} - {str(c.num) for c in cases}
        if unknown:
            print(f"reliability: unknown case(s): {', '.join(sorted(unknown))} (see --list)", file=sys.stderr)
            return 2
        cases = [c for c in cases if c.name in want or str(c.num) in want]
    elif opts.fast:
        cases = [c for c in cases if c.fast]
    for jar in (SERVICE_JAR, AGENT_JAR):
        if not jar.exists():
            print(f"reliability: {jar} missing", file=sys.stderr)
            return 1
    # points per sample of the demo site: read it once for the edge count
    points = len(re.findall(r"\bkind: *(?:cumulative|instantaneous|state)\b", SITE_FILE.read_text()))
    opts.agents = max(1, round(opts.load / (points * 1000 / PERIOD_MS)))
    h = Harness(opts)
    rows, failed = [], False
    try:
        h.setup()
        if opts.soak:
            soak(h, opts.soak, opts.soak_interval)
            return 0
        for c in cases:
            say(f"case {c.num} {c.name}: {c.fault_text} ...")
            try:
                row = run_case(h, c)
            except (CaseFailed, RuntimeError, subprocess.SubprocessError, OSError) as e:
                row = {"num": c.num, "test": c.name, "fault": c.fault_text, "status": f"FAILED: {e}", "notes": []}
                for a in getattr(h, "live_agents", []):
                    try:
                        a.proc.kill()
                    except Exception:
                        pass
                recover_stack(h)
            if c.fn is c_two_services:
                c_two_services_after(h)
            rows.append(row)
            say(f"case {c.num} {c.name}: {row.get('status')} (lost {fmt(row.get('lost'))}, recovery {row.get('recovery', '-')})")
            with open(h.out / "results.jsonl", "a") as f:
                f.write(json.dumps(row) + "\n")
    finally:
        h.teardown()
    if not opts.soak:
        print()
        print(f"=== bin/reliability: {len(rows)} cases, lost = acknowledged - stored - rejected (must be 0) ===")
        print_table(rows)
        with open(h.out / "table.txt", "w") as f:
            print_table(rows, file=f)
        for r in rows:
            st = r.get("status", "")
            if st == "LOST":
                print(f"reliability: FAILED: {r['test']}: {r['lost']:,} readings lost (acknowledged to the edges, "
                      f"neither stored nor rejected)")
                failed = True
            elif st.startswith("FAILED"):
                print(f"reliability: FAILED: {r['test']}: {st[8:]}")
                failed = True
        print("reliability: " + ("FAILED" if failed else "every case held: lost = 0"))
    return 1 if failed else 0


def recover_stack(h):
    """After a failed case: every server and the service back up for the next one."""
    try:
        os.kill(mosquitto_pid(h), signal.SIGCONT)
    except Exception:
        pass
    for s in h.services.values():
        try:
            os.kill(s.pid, signal.SIGCONT)
        except OSError:
            pass
    h.proxy.mode = "pass"
    h.stack("start", check=False)
    h.deadletters.restart_if_gone()
    if not h.services["svc1"].alive():
        h.start_service("svc1", "fm-rel-1")


if __name__ == "__main__":
    sys.exit(main())
