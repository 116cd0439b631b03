#!/usr/bin/env python3
"""Helpers of bin/bench (python3 standard library only).

Subcommands:
  ports N                       N free loopback TCP ports, one per line
  sites SRC N OUTDIR            N copies of a site description, every id prefixed b<n>- (b<n>.yaml)
  sample ...                    samples the service's metrics and the processes' /proc figures
                                every interval into a JSON-lines file, until SIGTERM
  drain ...                     waits until the service stored or rejected TARGET readings more
                                than the baseline metrics, or stopped changing, or a timeout
  report ...                    computes the report (JSON + text) from what a run left in OUTDIR
  peer-sample, peer-stats, peer-drain, peer-report ...
                                the same for the peer's phase (bin/bench --peer node-red): the Node-RED
                                flow's own counters instead of the service's metrics
"""
import base64
import argparse
import json
import math
import os
import re
import signal
import socket
import statistics
import sys
import time
import urllib.parse
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")

# --- Prometheus text ---------------------------------------------------------------------------

_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')



def _authorized(url):
    """A request that logs in to the service with FM_API_AUTH, set by the bench scripts: an API token (fm_...),
    which costs the service a SHA-256, or user:password, which costs it a bcrypt check per request."""
    req = urllib.request.Request(url)
    auth = os.environ.get("FM_API_AUTH")
    influx = any(part in url for part in ("/query", "/write", "/api/v2/"))
    if auth and not influx:
        if auth.startswith("fm_"):
            req.add_header("Authorization", "Bearer " + auth)
        else:
            req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii"))
    return req

def parse_prom(text):
    """[(name, {labels}, value)] of a Prometheus text exposition."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        out.append((m.group(1), dict(_LABEL.findall(m.group(2) or "")), value))
    return out


def total(samples, name, **labels):
    """Sum of the samples of NAME whose labels include LABELS; None when there is none."""
    found = None
    for n, l, v in samples:
        if n == name and all(l.get(k) == want for k, want in labels.items()):
            found = (found or 0.0) + v
    return found


def by_label(samples, name, label):
    out = {}
    for n, l, v in samples:
        if n == name and label in l:
            out[l[label]] = out.get(l[label], 0.0) + v
    return out


def fetch(url, timeout=5.0):
    with urllib.request.urlopen(_authorized(url), timeout=timeout) as r:
        return r.read().decode("utf-8", "replace")


def read_prom_file(path):
    with open(path, encoding="utf-8") as f:
        return parse_prom(f.read())


def counters(samples):
    """The ingest counters the bench follows."""
    def z(v):
        return 0.0 if v is None else v
    return {
        "stored": z(total(samples, "fm_ingest_readings_stored_total")),
        "received": z(total(samples, "fm_ingest_readings_received_total")),
        "messages_received": z(total(samples, "fm_ingest_messages_received_total")),
        "messages_rejected": z(total(samples, "fm_ingest_messages_rejected_total")),
        "readings_rejected": z(total(samples, "fm_ingest_readings_rejected_total")),
        "redelivered": z(total(samples, "fm_ingest_messages_redelivered_total")),
        "pending": z(total(samples, "fm_ingest_pending_messages")),
        "heap_used": z(total(samples, "jvm_memory_used_bytes", area="heap")),
        "rollup_backlog": z(total(samples, "fm_energy_rollup_backlog")),
        "rollup_held": z(total(samples, "fm_energy_rollup_held_readings")),
        "rollup_held_discarded": z(total(samples, "fm_energy_rollup_held_discarded_total")),
        "rollup_meters_store": z(total(samples, "fm_energy_rollup_meters_total", readings="store")),
        "rollup_runs": z(total(samples, "fm_energy_rollup_runs_total")),
    }


# --- /proc ---------------------------------------------------------------------------------------

def proc_stat(pid):
    """(ppid, utime+stime seconds, comm) of a process or thread stat file, or None."""
    try:
        with open(pid, "rb") if isinstance(pid, str) else open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    lp, rp = data.find("("), data.rfind(")")
    comm = data[lp + 1:rp]
    rest = data[rp + 2:].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / CLK_TCK, comm


def proc_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def all_processes():
    """{pid: (ppid, cpu_s, comm)} of every process."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = proc_stat(int(entry))
            if s:
                out[int(entry)] = s
    return out


def tree_cpu(pid, procs):
    """CPU seconds of PID and all its descendants."""
    children = {}
    for p, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(p)
    seen, stack, cpu = set(), [pid], 0.0
    while stack:
        p = stack.pop()
        if p in seen or p not in procs:
            continue
        seen.add(p)
        cpu += procs[p][1]
        stack.extend(children.get(p, []))
    return cpu


def thread_cpu(pid):
    """{thread name: cpu seconds} of a process (threads of one name summed)."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        s = proc_stat(f"/proc/{pid}/task/{tid}/stat")
        if s:
            name = re.sub(r"[0-9]+$", "#", s[2]) if not s[2].startswith(("ingest", "mqtt", "MQTT")) else s[2]
            out[name] = out.get(name, 0.0) + s[1]
    return out


def host_cpu():
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return {"busy": (sum(fields[:8]) - idle) / CLK_TCK, "total": sum(fields[:8]) / CLK_TCK}


def read_pids(path):
    """Lines NAME=PID; one name may hold several pids."""
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, _, pid = line.strip().partition("=")
                if pid.isdigit():
                    out.append((name, int(pid)))
    except OSError:
        pass
    return out


# --- subcommands -----------------------------------------------------------------------------

def cmd_ports(args):
    socks = []
    for _ in range(args.n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    for s in socks:
        print(s.getsockname()[1])
    for s in socks:
        s.close()


_ID_KEYS = re.compile(r"(?m)(\b(?:id|parent|building|zone|department):[ \t]*)([a-z0-9][a-z0-9-]*)")


def cmd_sites(args):
    with open(args.src, encoding="utf-8") as f:
        text = f.read()
    points = len(re.findall(r"\bkind: *(?:cumulative|instantaneous|state)\b", text))
    site = re.search(r"(?m)^site:.*\bid: *([a-z0-9][a-z0-9-]*)", text)
    if not site or points == 0:
        sys.exit(f"sites: {args.src} has no site id or no points")
    os.makedirs(args.outdir, exist_ok=True)
    for n in range(1, args.n + 1):
        prefix = f"b{n}-"
        out, count = _ID_KEYS.subn(lambda m: m.group(1) + prefix + m.group(2), text)
        with open(os.path.join(args.outdir, f"b{n}.yaml"), "w", encoding="utf-8") as f:
            f.write(f"# Generated by bin/bench from {args.src}: every id prefixed '{prefix}', so that each load\n"
                    f"# edge writes its own series (no two edges ever share a point and timestamp).\n")
            f.write(out)
    print(json.dumps({"site": site.group(1), "points": points}))


def cmd_sample(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    service = args.service_pid
    with open(args.out, "a", encoding="utf-8") as out:
        next_t = time.time()
        while not stop:
            t = time.time()
            rec = {"t": round(t, 3)}
            try:
                rec.update(counters(parse_prom(fetch(args.url, timeout=max(0.5, args.interval * 0.9)))))
                rec["metrics_ms"] = round((time.time() - t) * 1000, 1)
            except Exception as e:  # the service may be slow or gone: record the gap
                rec["metrics_error"] = str(e)[:200]
            st = proc_status(service)
            rec["rss_kb"], rec["hwm_kb"] = st.get("VmRSS"), st.get("VmHWM")
            procs = all_processes()
            cpu = {}
            for name, pid in read_pids(args.pids_file):
                if pid in procs:
                    cpu[f"{name}:{pid}"] = round(tree_cpu(pid, procs), 3)
            rec["cpu"] = cpu
            rec["threads"] = {k: round(v, 3) for k, v in thread_cpu(service).items()}
            rec["host"] = host_cpu()
            out.write(json.dumps(rec) + "\n")
            out.flush()
            next_t += args.interval
            while not stop and time.time() < next_t:
                time.sleep(min(0.05, max(0.0, next_t - time.time())))


def rejected_readings(c, readings_per_message):
    return c["readings_rejected"] + c["messages_rejected"] * readings_per_message


def cmd_drain(args):
    base = counters(read_prom_file(args.base))
    start = time.time()
    deadline = start + args.timeout
    last_value, last_change = None, start
    status = "timeout"
    c = base
    while time.time() < deadline:
        try:
            c = counters(parse_prom(fetch(args.url)))
        except Exception:
            time.sleep(args.poll)
            continue
        done = (c["stored"] - base["stored"]) + rejected_readings(c, args.rpm) - rejected_readings(base, args.rpm)
        value = (c["stored"], c["received"], c["readings_rejected"], c["messages_rejected"])
        now = time.time()
        if value != last_value:
            last_value, last_change = value, now
        if done >= args.target and c["pending"] == 0:
            status = "complete"
            break
        if c["pending"] == 0 and now - last_change >= args.quiet:
            status = "stalled"
            break
        time.sleep(args.poll)
    # The moment the last reading was accounted for (for "stalled": the last change).
    t_done = time.time() if status != "stalled" else last_change
    print(json.dumps({"status": status, "t_done": round(t_done, 3), "waited_s": round(time.time() - start, 2),
                      "accounted": (c["stored"] - base["stored"]) + rejected_readings(c, args.rpm)
                      - rejected_readings(base, args.rpm), "target": args.target}))


# --- report -------------------------------------------------------------------------------------

def influx_request(url, basic=None):
    """A request to InfluxDB with the stack's token (FM_INFLUX_TOKEN, user:password; the stack runs with auth),
    or with BASIC (user:password) for influxd itself."""
    if basic:
        return urllib.request.Request(url, headers={
            "Authorization": "Basic " + base64.b64encode(basic.encode("utf-8")).decode("ascii")})
    token = os.environ.get("FM_INFLUX_TOKEN")
    return urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})


def influx_query(url, db, q, timeout=300, basic=None):
    u = f"{url}/query?" + urllib.parse.urlencode({"db": db, "epoch": "ms", "q": q})
    with urllib.request.urlopen(influx_request(u, basic), timeout=timeout) as r:
        body = json.loads(r.read().decode("utf-8", "replace"))
    series = []
    for result in body.get("results", []):
        if "error" in result:
            raise RuntimeError(f"InfluxQL error: {result['error']} in {q}")
        series.extend(result.get("series", []))
    return series


def histogram_delta(base, end, name):
    def buckets(samples):
        out = {}
        for n, l, v in samples:
            if n == name + "_bucket" and "le" in l:
                out[float(l["le"])] = out.get(float(l["le"]), 0.0) + v
        return out
    b, e = buckets(base), buckets(end)
    return sorted((le, e[le] - b.get(le, 0.0)) for le in e)


def histogram_quantile(buckets, q):
    """Linear interpolation inside the bucket holding rank q (as Prometheus' histogram_quantile)."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    count = buckets[-1][1]
    rank = q * count
    prev_le, prev_c = 0.0, 0.0
    for le, c in buckets:
        if c >= rank:
            if math.isinf(le):
                return prev_le
            if c == prev_c:
                return le
            return prev_le + (le - prev_le) * (rank - prev_c) / (c - prev_c)
        prev_le, prev_c = le, c
    return prev_le


def interp(samples, key, t):
    """Value of KEY at time T, linear between the samples around it."""
    pts = [(s["t"], s[key]) for s in samples if key in s and s[key] is not None]
    if not pts:
        return None
    if t <= pts[0][0]:
        return pts[0][1]
    for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
        if t0 <= t <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return pts[-1][1]


def cpu_between(samples, t0, t1):
    """{component: cpu seconds} between two times, from the sampler's cumulative figures."""
    def at(t, before):
        pick = None
        for s in samples:
            if (s["t"] <= t) if before else (s["t"] >= t):
                pick = s
                if not before:
                    break
        return pick
    a = at(t0, True) or samples[0]
    b = at(t1, False) or samples[-1]
    seen_last = {}
    for s in samples:  # a load process that exited keeps its last figure (only those alive in the window:
        if a["t"] <= s["t"] <= b["t"]:  # the warm-up's, gone before it, would otherwise count whole)
            for k, v in s.get("cpu", {}).items():
                seen_last[k] = v
    out = {}
    for k, v in seen_last.items():
        first = a.get("cpu", {}).get(k)
        if first is None:
            first = 0.0 if k.startswith("load") else None  # a load process started inside the window
        if first is None:
            continue
        name = k.split(":")[0]
        out[name] = out.get(name, 0.0) + (v - first)
    threads = {k: v - a.get("threads", {}).get(k, 0.0) for k, v in b.get("threads", {}).items()}
    host = {"busy": b["host"]["busy"] - a["host"]["busy"], "total": b["host"]["total"] - a["host"]["total"]}
    return out, threads, host, b["t"] - a["t"]


def fmt_int(v):
    return "n/a" if v is None else f"{v:,.0f}"


def fmt_ms(seconds):
    return "n/a" if seconds is None else f"{seconds * 1000:,.0f} ms"


def read_env(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep and not key.startswith("#"):
                out[key] = value
    return out


def read_broker_sys(path):
    """{topic suffix: [(t, value)]} from mosquitto_sub -F '%U %t %p' lines."""
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    try:
                        out.setdefault(parts[1].replace("$SYS/broker/", ""), []).append((float(parts[0]), float(parts[2])))
                    except ValueError:
                        pass
    except OSError:
        pass
    return out


def broker_figures(sys_series, t_base, t0, t1, t_end):
    """Broker drops over the run and its largest store (queued + retained messages) during the load and after."""
    def at(series, t):
        v = None
        for ts, val in series:
            if ts <= t:
                v = val
        return v
    dropped = sys_series.get("publish/messages/dropped", [])
    store = sys_series.get("store/messages/count", [])
    heap = sys_series.get("heap/current", [])
    d0, d1 = at(dropped, t_base), at(dropped, t_end + 10)
    if d0 is None and dropped:
        d0 = dropped[0][1]
    return {
        "dropped": None if d0 is None or d1 is None else int(d1 - d0),
        "max_stored_messages_load": max((v for t, v in store if t0 <= t <= t1 + 5), default=None),
        "max_stored_messages_drain": max((v for t, v in store if t1 + 5 < t <= t_end + 5), default=None),
        "peak_heap_bytes": max((v for t, v in heap if t >= t_base), default=None),
        "samples": len(store),
    }


def read_loads(path):
    """The load JVMs of a phase, as run_load in bin/bench writes them (loads-PHASE.tsv)."""
    loads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            n, site, edge, report, t_exit, rc = line.rstrip("\n").split("\t")
            loads.append({"n": int(n), "site": site, "edge": edge, "report": report, "t_exit": float(t_exit),
                          "rc": int(rc)})
    return loads


def summarize_loads(loads):
    """What the broker acknowledged to the load JVMs of a phase, and the load window (from their reports)."""
    out = {"edges": [], "acked_readings": 0, "acked_batches": 0, "failed": 0, "unacked": 0, "resends": 0,
           "offered": 0.0, "t_start": None, "t_end": None}
    for proc in loads:
        with open(proc["report"], encoding="utf-8") as f:
            r = json.load(f)
        out["acked_readings"] += r["readings"]
        out["acked_batches"] += r["batches"]
        out["failed"] += r["failed"]
        out["unacked"] += r["unacknowledged"]
        out["resends"] += r["resends"]
        out["offered"] += r["achievedReadingsRate"]
        start = proc["t_exit"] - r["durationSeconds"]
        out["t_start"] = start if out["t_start"] is None else min(out["t_start"], start)
        out["t_end"] = proc["t_exit"] if out["t_end"] is None else max(out["t_end"], proc["t_exit"])
        for e in r["edges"]:
            out["edges"].append({"edge": e["edge"], "site": proc["site"], "acked_batches": e["batches"],
                                 "acked_readings": e["readings"], "first_seq": e["firstSeq"], "last_seq": e["lastSeq"],
                                 "failed": e["failed"], "unacknowledged": e["unacknowledged"], "error": e["error"]})
    return out


def load_meta(d):
    """meta.env and loads-run.tsv, as bin/bench writes them."""
    e = read_env(os.path.join(d, "meta.env"))
    def num(key):
        v = e.get(key, "")
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return None
    loads = read_loads(os.path.join(d, "loads-run.tsv"))
    return {
        "started_at": e.get("STARTED_AT"),
        "machine": {"nproc": num("NPROC"), "cpu_model": e.get("CPU_MODEL"),
                    "mem_total_gib": round((num("MEM_TOTAL_KB") or 0) / 2**20, 1), "kernel": e.get("KERNEL"),
                    "loadavg_before": e.get("LOADAVG_BEFORE")},
        "options": {"duration_s": num("OPT_DURATION_S"), "warmup_s": num("OPT_WARMUP_S"),
                    "warmup_rate": e.get("OPT_WARMUP_RATE"), "rate": e.get("OPT_RATE"),
                    "connections": num("OPT_CONNECTIONS"), "readings_per_message": num("OPT_RPM"),
                    "inflight": num("OPT_INFLIGHT"), "heap": e.get("OPT_HEAP"),
                    "jvm_opts": e.get("OPT_JVM_OPTS", "").split(), "service_env": e.get("OPT_SERVICE_ENV", "").split(),
                    "java": e.get("OPT_JAVA", "java"), "load_client": e.get("OPT_LOAD_CLIENT", "plain")},
        "colocated": [c for c in e.get("COLOCATED", "").split(",") if c],
        "service_pid": num("SERVICE_PID"),
        "run_start_ms": num("RUN_START_MS"),
        "t_base": num("T_BASE"),
        "drain": json.loads(e["DRAIN_JSON"]),
        "broker_sys": read_broker_sys(os.path.join(d, "broker-sys.txt")),
        "warmup": {"acked_readings": num("WARMUP_ACKED"),
                   "drain": json.loads(e["WARMUP_DRAIN_JSON"]) if e.get("WARMUP_DRAIN_JSON") else None},
        "run_loads": loads,
    }


def cmd_report(args):
    d = args.dir
    meta = load_meta(d)
    opts = meta["options"]
    rpm = int(opts["readings_per_message"])
    samples = []
    with open(os.path.join(d, "samples.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                samples.append(json.loads(line))
    base = read_prom_file(os.path.join(d, "metrics-base.txt"))
    end = read_prom_file(os.path.join(d, "metrics-end.txt"))
    cb, ce = counters(base), counters(end)

    # --- load reports: what the broker acknowledged
    lr = summarize_loads(meta["run_loads"])
    edges, acked_readings, acked_batches = lr["edges"], lr["acked_readings"], lr["acked_batches"]
    failed, unacked, resends, offered = lr["failed"], lr["unacked"], lr["resends"], lr["offered"]
    t_load_start, t_load_end = lr["t_start"], lr["t_end"]
    window = max(1e-3, t_load_end - t_load_start)

    # --- InfluxDB: what is really stored, counted independently of the service
    run_from, run_to = meta["run_start_ms"], int(time.time() * 1000) + 3_600_000
    influx_stored, influx_error = 0, None
    try:
        for e in edges:
            q = (f"SELECT count(\"seq\") FROM /.*/ WHERE \"site\" = '{e['site']}' "
                 f"AND time >= {run_from}ms AND time < {run_to}ms")
            n = sum(int(row[1]) for s in influx_query(args.influx_url, args.influx_db, q) for row in s["values"])
            e["stored_readings"] = n
            influx_stored += n
            if not args.no_distinct and e["first_seq"] is not None:
                q = (f"SELECT distinct(\"seq\") FROM /.*/ WHERE \"site\" = '{e['site']}' "
                     f"AND time >= {run_from}ms AND time < {run_to}ms")
                seqs = {int(row[1]) for s in influx_query(args.influx_url, args.influx_db, q) for row in s["values"]}
                e["stored_batches"] = sum(1 for s in seqs if e["first_seq"] <= s <= e["last_seq"])
    except Exception as ex:
        influx_error = str(ex)[:300]
        influx_stored = None

    # --- service counters over the run (baseline before the run → after the drain)
    svc_stored = ce["stored"] - cb["stored"]
    rej_msgs = {k: v - by_label(base, "fm_ingest_messages_rejected_total", "reason").get(k, 0.0)
                for k, v in by_label(end, "fm_ingest_messages_rejected_total", "reason").items()}
    rej_rdgs = {k: v - by_label(base, "fm_ingest_readings_rejected_total", "reason").get(k, 0.0)
                for k, v in by_label(end, "fm_ingest_readings_rejected_total", "reason").items()}
    rej_msgs = {k: int(v) for k, v in rej_msgs.items() if v}
    rej_rdgs = {k: int(v) for k, v in rej_rdgs.items() if v}
    rejected = sum(rej_rdgs.values()) + rpm * sum(rej_msgs.values())
    stored_for_loss = influx_stored if influx_stored is not None else svc_stored
    lost = acked_readings - stored_for_loss - rejected
    redelivered = int(ce["redelivered"] - cb["redelivered"])
    retries = {k: int(v - by_label(base, "fm_telemetry_write_retries_total", "reason").get(k, 0.0))
               for k, v in by_label(end, "fm_telemetry_write_retries_total", "reason").items()}
    retries = {k: v for k, v in retries.items() if v}

    # --- throughput: slope of the stored counter over the load window
    s0, s1 = interp(samples, "stored", t_load_start), interp(samples, "stored", t_load_end)
    sustained = None if s0 is None or s1 is None else (s1 - s0) / window
    per_second = []
    for a, b in zip(samples, samples[1:]):
        if t_load_start <= a["t"] and b["t"] <= t_load_end and "stored" in a and "stored" in b:
            per_second.append((b["stored"] - a["stored"]) / max(1e-3, b["t"] - a["t"]))
    drain_s = max(0.0, meta["drain"]["t_done"] - t_load_end)
    pend = [s["pending"] for s in samples if t_load_start <= s["t"] <= t_load_end and "pending" in s]

    # --- latency: the histogram's increase over the run (one sample per live message: its oldest reading)
    lat_buckets = histogram_delta(base, end, "fm_ingest_store_latency_seconds")
    lat = {q: histogram_quantile(lat_buckets, q) for q in (0.5, 0.9, 0.99, 0.999)}
    lat_count = lat_buckets[-1][1] if lat_buckets else 0
    lat_sum = (total(end, "fm_ingest_store_latency_seconds_sum") or 0) - (total(base, "fm_ingest_store_latency_seconds_sum") or 0)
    svc_q = {q: total(end, "fm_ingest_store_latency_seconds", quantile=q) for q in ("0.5", "0.99")}

    # --- writes to InfluxDB
    def delta(name):
        return (total(end, name) or 0) - (total(base, name) or 0)
    writes = delta("fm_telemetry_write_batch_points_count")
    write_points = delta("fm_telemetry_write_batch_points_sum")
    write_time = delta("fm_telemetry_write_duration_seconds_sum")
    gc_time = delta("jvm_gc_pause_seconds_sum")
    gc_count = delta("jvm_gc_pause_seconds_count")

    # --- resources
    in_run = [s for s in samples if s["t"] >= meta["t_base"]]
    heap_peak = max((s.get("heap_used") or 0 for s in in_run), default=None)
    heap_peak_all = max((s.get("heap_used") or 0 for s in samples), default=None)
    rss_peak = max((s.get("rss_kb") or 0 for s in in_run), default=0) * 1024
    hwm = max((s.get("hwm_kb") or 0 for s in samples), default=0) * 1024
    cpu_load, threads_load, host_load, cpu_window = cpu_between(samples, t_load_start, t_load_end)
    cpu_run, threads_run, _, _ = cpu_between(samples, meta["t_base"], meta["drain"]["t_done"])
    ours = sum(cpu_load.values())
    svc_cpu_run = cpu_run.get("service")
    svc_cpu_per_100k = None if not svc_stored or svc_cpu_run is None else svc_cpu_run / svc_stored * 1e5
    # the JIT's compiler threads ("C1 CompilerThre", "C2 CompilerThre"): still compiling rarer paths minutes after start
    jit_run = sum(v for k, v in threads_run.items() if "CompilerThre" in k)
    svc_cpu_per_100k_no_jit = (None if not svc_stored or svc_cpu_run is None or not threads_run
                               else (svc_cpu_run - jit_run) / svc_stored * 1e5)
    rollup_meters = {k: int(v - by_label(base, "fm_energy_rollup_meters_total", "readings").get(k, 0.0))
                     for k, v in by_label(end, "fm_energy_rollup_meters_total", "readings").items()}
    read_back = {k: int(v - by_label(base, "fm_energy_rollup_store_reads_total", "reason").get(k, 0.0))
                 for k, v in by_label(end, "fm_energy_rollup_store_reads_total", "reason").items()}
    read_back_readings = int(delta("fm_energy_rollup_store_read_readings_sum"))

    report = {
        "started_at": meta["started_at"],
        "machine": meta["machine"],
        "options": opts,
        "colocated": meta["colocated"],
        "load": {"acked_readings": acked_readings, "acked_batches": acked_batches, "failed_batches": failed,
                 "unacknowledged_batches": unacked, "resends": resends,
                 "acked_readings_per_s": round(offered, 1), "window_s": round(window, 3)},
        "stored": {"influxdb_readings": influx_stored, "influxdb_error": influx_error,
                   "influxdb_batches": (sum(e.get("stored_batches", 0) for e in edges)
                                        if not args.no_distinct and influx_stored is not None else None),
                   "service_counter_readings": int(svc_stored)},
        "rejected": {"readings_total": int(rejected), "messages_by_reason": rej_msgs, "readings_by_reason": rej_rdgs},
        "lost": int(lost) if stored_for_loss is not None else None,
        "lost_basis": "acked - stored(InfluxDB count) - rejected" if influx_stored is not None
        else "acked - stored(service counter) - rejected",
        "redelivered_messages": redelivered,
        "broker": broker_figures(meta["broker_sys"], meta["t_base"], t_load_start, t_load_end, meta["drain"]["t_done"]),
        "write_retries": retries,
        "throughput": {"sustained_stored_readings_per_s": None if sustained is None else round(sustained, 1),
                       "median_per_second": round(statistics.median(per_second), 1) if per_second else None,
                       "min_per_second": round(min(per_second), 1) if per_second else None,
                       "max_pending_messages": max(pend) if pend else None,
                       "drain_s": round(drain_s, 2), "drain_status": meta["drain"]["status"]},
        "latency_edge_ts_to_stored": {"source": "fm_ingest_store_latency_seconds histogram, increase over the run",
                                      "readings": int(lat_count),
                                      "mean_s": round(lat_sum / lat_count, 4) if lat_count else None,
                                      "p50_s": lat[0.5], "p90_s": lat[0.9], "p99_s": lat[0.99], "p999_s": lat[0.999],
                                      "service_quantiles_at_end_s": svc_q},
        "influx_writes": {"writes": int(writes), "mean_points_per_write": round(write_points / writes, 1) if writes else None,
                          "mean_write_s": round(write_time / writes, 4) if writes else None,
                          "writer_busy_share": round(write_time / max(1e-3, meta["drain"]["t_done"] - meta["t_base"]), 3)},
        "service": {"pid": meta["service_pid"], "heap_max": opts["heap"], "peak_heap_used_bytes": heap_peak,
                    "peak_heap_used_bytes_incl_warmup": heap_peak_all,
                    "peak_rss_bytes_run": rss_peak, "rss_high_water_mark_bytes": hwm,
                    "gc_pause_s": round(gc_time, 3), "gc_pauses": int(gc_count),
                    "cpu_s_run": None if svc_cpu_run is None else round(svc_cpu_run, 2),
                    "cpu_s_per_100k_readings": None if svc_cpu_per_100k is None else round(svc_cpu_per_100k, 3),
                    "jit_compiler_cpu_s_run": round(jit_run, 2),
                    "cpu_s_per_100k_readings_without_jit": (None if svc_cpu_per_100k_no_jit is None
                                                            else round(svc_cpu_per_100k_no_jit, 3))},
        "energy_rollups": {"meters_from_held_readings": rollup_meters.get("memory", 0),
                           "meters_read_back": rollup_meters.get("store", 0),
                           "read_back_by_reason": {k: v for k, v in read_back.items() if v},
                           "readings_read_back": read_back_readings},
        "cpu_during_load": {"window_s": round(cpu_window, 2),
                            "cores_by_component": {k: round(v / cpu_window, 3) for k, v in sorted(cpu_load.items())},
                            "host_busy_cores": round(host_load["busy"] / cpu_window, 3),
                            "other_processes_cores": round(max(0.0, host_load["busy"] - ours) / cpu_window, 3),
                            "service_threads_cores": {k: round(v / cpu_window, 3) for k, v in
                                                      sorted(threads_load.items(), key=lambda kv: -kv[1])[:10]
                                                      if v / cpu_window >= 0.005}},
        "edges": edges,
        "warmup": meta.get("warmup"),
        "files": {"dir": d, "samples": os.path.join(d, "samples.jsonl"), "service_log": os.path.join(d, "service.log")},
    }
    report["notes"] = notes_for(report)
    with open(args.json_out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print_report(report, samples, t_load_start, t_load_end)


def notes_for(r):
    """Observations that change how the figures read."""
    notes = []
    env = dict(e.split("=", 1) for e in r["options"]["service_env"] if "=" in e)
    receive_max = int(env.get("FM_MQTT_RECEIVE_MAXIMUM", "1000"))
    T, C = r["throughput"], r["cpu_during_load"]
    pend = T["max_pending_messages"] or 0
    if pend > receive_max * 1.1:
        notes.append(f"the service held up to {pend:,.0f} received, unacknowledged messages although its MQTT receive "
                     f"maximum is {receive_max:,}: the broker sent past the client's limit while it had a backlog "
                     f"(as Mosquitto 2.0.11 does: inflight-quota bug fixed in 2.0.13), and whatever the broker "
                     f"sends waits in the service's heap")
    if T["drain_status"] != "complete":
        notes.append(f"the pipeline did not drain ({T['drain_status']} after {T['drain_s']:.0f} s): 'lost' includes "
                     f"readings still queued in the broker or the service")
    if float(r["options"]["rate"]) == 0:
        notes.append("rate 0 publishes as fast as the broker acknowledges, usually far above what the service can "
                     "store: this run measures overload (a growing broker backlog), not the highest steady rate; "
                     "use --rate to find that")
    if C["other_processes_cores"] >= 0.2:
        notes.append(f"other processes on the host used {C['other_processes_cores']:.2f} cores during the load: "
                     f"the figures are perturbed")
    gc = r["service"]["gc_pause_s"]
    if gc > 0.05 * max(1.0, T["drain_s"] + r["load"]["window_s"]):
        notes.append(f"the service spent {gc:.1f} s in GC pauses (heap peak "
                     f"{r['service']['peak_heap_used_bytes'] / 2**20:,.0f} MiB of -Xmx{r['service']['heap_max']})")
    return notes


def print_report(r, samples, t0, t1):
    o, m = r["options"], r["machine"]
    p = print
    p("")
    p("=== bin/bench: ingest benchmark (figures, not a test) ===")
    p(f"machine      {m['nproc']} cores ({m['cpu_model']}), {m['mem_total_gib']} GiB RAM, {m['kernel']}; "
      f"load average before the run {m['loadavg_before']}")
    p(f"co-located   {', '.join(r['colocated'])} on this one host, all on loopback")
    p(f"load         {o['connections']} edges (one load JVM each), rate "
      f"{'as fast as possible' if float(o['rate']) == 0 else o['rate'] + ' msg/s'}, {o['readings_per_message']} readings/message, "
      f"inflight {o['inflight']}, {o['duration_s']} s after a {o['warmup_s']} s warm-up at {o['warmup_rate']} msg/s; "
      f"MQTT client {o.get('load_client', 'plain')}")
    java = '' if o.get('java', 'java') == 'java' else o['java'] + ' '
    p(f"service      {java}-Xmx{o['heap']} {' '.join(o['jvm_opts'])} {' '.join(o['service_env'])}".rstrip())
    p("reference    issue target on a 2-core host with everything co-located: >= 50,000 readings/s stored, lost 0")
    L, S = r["load"], r["stored"]
    p("")
    p("-- delivery (run only; lost = acked - stored - rejected)")
    p(f"acked        {fmt_int(L['acked_readings'])} readings in {fmt_int(L['acked_batches'])} batches "
      f"({L['acked_readings_per_s']:,.0f} readings/s offered; failed {L['failed_batches']}, "
      f"unacknowledged {L['unacknowledged_batches']}, resent {L['resends']})")
    dist = "" if S["influxdb_batches"] is None else f", {fmt_int(S['influxdb_batches'])} distinct edge+seq batches"
    p(f"stored       {fmt_int(S['influxdb_readings'])} readings counted in InfluxDB{dist}; "
      f"service counter {fmt_int(S['service_counter_readings'])}"
      + (f"  [InfluxDB count failed: {S['influxdb_error']}]" if S["influxdb_error"] else ""))
    rj = r["rejected"]
    reasons = ", ".join([f"{k} {v} msg" for k, v in rj["messages_by_reason"].items()]
                        + [f"{k} {v}" for k, v in rj["readings_by_reason"].items()]) or "none"
    p(f"rejected     {fmt_int(rj['readings_total'])} readings ({reasons})")
    if r["throughput"]["drain_status"] == "complete":
        p(f"lost         {fmt_int(r['lost'])}   ({r['lost_basis']})")
    else:
        p(f"lost         {fmt_int(r['lost'])}   ({r['lost_basis']}) -- the drain ended "
          f"'{r['throughput']['drain_status']}': this counts readings still queued in the broker or the service "
          f"as well as lost ones")
    retries = ", ".join(f"{k} {v}" for k, v in r["write_retries"].items()) or "0"
    b = r["broker"]
    p(f"duplicates   redelivered messages {r['redelivered_messages']}; broker dropped "
      f"{'n/a' if b['dropped'] is None else b['dropped']}; InfluxDB write retries {retries}")
    T = r["throughput"]
    p("")
    p("-- throughput")
    p(f"sustained    {fmt_int(T['sustained_stored_readings_per_s'])} readings/s stored "
      f"(stored-counter slope over the {L['window_s']:.1f} s load window; per second: median "
      f"{fmt_int(T['median_per_second'])}, min {fmt_int(T['min_per_second'])})")
    p(f"backlog      max {fmt_int(T['max_pending_messages'])} messages pending in the service during the load; "
      f"drain after the load stopped {T['drain_s']:.1f} s ({T['drain_status']})")
    heap = "n/a" if b["peak_heap_bytes"] is None else f"{b['peak_heap_bytes'] / 2**20:,.0f} MiB"
    p(f"broker       largest store {fmt_int(b['max_stored_messages_load'])} messages during the load, "
      f"{fmt_int(b['max_stored_messages_drain'])} after it (queued for the service + retained; $SYS every 5 s); "
      f"heap peak {heap}")
    W = r["influx_writes"]
    p(f"writes       {fmt_int(W['writes'])} InfluxDB writes, mean {fmt_int(W['mean_points_per_write'])} points, "
      f"mean {fmt_ms(W['mean_write_s'])} each; {W['writer_busy_share']:.2f} writes under way on average "
      f"over the run (at most fm.ingest.concurrent-writes)")
    Lt = r["latency_edge_ts_to_stored"]
    p("")
    p("-- latency, edge timestamp -> stored (every live message of the run, its oldest reading; from the histogram)")
    p(f"p50 {fmt_ms(Lt['p50_s'])}   p90 {fmt_ms(Lt['p90_s'])}   p99 {fmt_ms(Lt['p99_s'])}   "
      f"p99.9 {fmt_ms(Lt['p999_s'])}   mean {fmt_ms(Lt['mean_s'])}   ({fmt_int(Lt['readings'])} messages)")
    q = Lt["service_quantiles_at_end_s"]
    p(f"(the service's own decaying quantiles at the end: p50 {fmt_ms(q.get('0.5'))}, p99 {fmt_ms(q.get('0.99'))})")
    V, C = r["service"], r["cpu_during_load"]
    p("")
    p("-- resources")
    p(f"heap         peak used {V['peak_heap_used_bytes'] / 2**20:,.0f} MiB of -Xmx{V['heap_max']} "
      f"(incl. warm-up {V['peak_heap_used_bytes_incl_warmup'] / 2**20:,.0f} MiB); GC pauses {V['gc_pauses']} "
      f"totalling {V['gc_pause_s']:.2f} s")
    p(f"rss          peak {V['peak_rss_bytes_run'] / 2**20:,.0f} MiB during the run, high-water mark "
      f"{V['rss_high_water_mark_bytes'] / 2**20:,.0f} MiB (VmHWM)")
    p(f"service cpu  {V['cpu_s_run']} s over the run = {V['cpu_s_per_100k_readings']} CPU-s per 100k readings stored"
      + ("" if V.get("cpu_s_per_100k_readings_without_jit") is None else
         f"; {V['cpu_s_per_100k_readings_without_jit']} without the JIT's compiler threads ({V['jit_compiler_cpu_s_run']} s)"))
    E = r.get("energy_rollups")
    if E and (E["meters_from_held_readings"] or E["meters_read_back"]):
        why = ", ".join(f"{k} {v}" for k, v in sorted(E["read_back_by_reason"].items()))
        p(f"rollups      {E['meters_from_held_readings']:,} meter recomputations from held readings, {E['meters_read_back']:,} "
          f"read back from InfluxDB ({fmt_int(E['readings_read_back'])} readings{'; ' + why if why else ''})")
    comp = ", ".join(f"{k} {v:.2f}" for k, v in C["cores_by_component"].items())
    p(f"cores used   during the load ({C['window_s']:.0f} s): {comp}; other processes on the host "
      f"{C['other_processes_cores']:.2f}; host total {C['host_busy_cores']:.2f} of {m['nproc']}")
    busy = C["host_busy_cores"] or 0
    by = C["cores_by_component"]
    if busy > 0 and "load" in by:
        p(f"cpu share    load generator {by['load']:.2f} cores = {100 * by['load'] / busy:.0f} % of the host's busy CPU; "
          f"service {by.get('service', 0):.2f} cores = {100 * by.get('service', 0) / busy:.0f} %")
    thr = ", ".join(f"{k} {v:.2f}" for k, v in C["service_threads_cores"].items())
    p(f"svc threads  {thr}")
    notes = r.get("notes", [])
    if notes:
        p("")
        p("-- notes")
        for n in notes:
            p(f"  * {n}")
    p("")
    p("-- per edge (acked / stored in InfluxDB)")
    for e in r["edges"]:
        p(f"  {e['edge']:<12} acked {fmt_int(e['acked_readings'])} readings / {fmt_int(e['acked_batches'])} batches; "
          f"stored {fmt_int(e.get('stored_readings'))} readings"
          + (f" / {fmt_int(e['stored_batches'])} batches" if "stored_batches" in e else "")
          + (f"; error {e['error']}" if e["error"] else ""))
    p("")
    p("-- timeline (every 5 s, long drains every 30 s; readings/s stored, pending messages, heap MiB, service cores,")
    p("   energy rollup runs in the step and meter readings held for the rollups)")
    prev, drain_lines = None, 0
    for s in samples:
        if s["t"] < t0 - 2 or "stored" not in s:
            continue
        step = 4.95 if s["t"] <= t1 + 0.5 or drain_lines < 6 else 29.95
        if prev is not None and s["t"] - prev["t"] >= step:
            dt = s["t"] - prev["t"]
            cpu = lambda x: sum(v for k, v in x.get("cpu", {}).items() if k.startswith("service:"))
            tag = "load" if s["t"] <= t1 + 0.5 else "drain"
            drain_lines += tag == "drain"
            p(f"  t={s['t'] - t0:6.1f}s  {tag:<5} {(s['stored'] - prev['stored']) / dt:>9,.0f}/s  pending "
              f"{s['pending']:>6,.0f}  heap {s['heap_used'] / 2**20:>5,.0f}  cpu {(cpu(s) - cpu(prev)) / dt:4.2f}"
              f"  rollups {s.get('rollup_runs', 0) - prev.get('rollup_runs', 0):>3,.0f}  held {s.get('rollup_held', 0):>9,.0f}")
            prev = s
        elif prev is None:
            prev = s
        if s["t"] > r_end(r, t1):
            break


def r_end(r, t1):
    return t1 + r["throughput"]["drain_s"] + 5

# --- the peer (bin/bench --peer node-red) -----------------------------------------------------------

PEER_COUNTERS = ("received", "written", "writes", "failed", "failed_writes")


def peer_stats(url, timeout=5.0):
    """The flow's own counters (GET /bench/stats of the Node-RED flow)."""
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read().decode("utf-8", "replace"))


def poll_every(path, interval, stop, sample):
    """Appends sample()'s record to PATH as a JSON line every INTERVAL s until STOP."""
    with open(path, "a", encoding="utf-8") as out:
        next_t = time.time()
        while not stop:
            out.write(json.dumps(sample()) + "\n")
            out.flush()
            next_t = max(next_t + interval, time.time())
            while not stop and time.time() < next_t:
                time.sleep(0.05)


def poll_peer_stats(url, path, interval, stop):
    """Appends the flow's counters to PATH, timed by Node-RED's own clock when it answered (t_ms): under load
    its event loop may answer seconds late, and a sample timed by the request would misplace the counters."""
    def sample():
        t = time.time()
        try:
            st = peer_stats(url, timeout=30)
            rec = {"t": st["t_ms"] / 1000.0, "asked": round(t, 3), "answer_ms": round((time.time() - t) * 1000, 1)}
            rec.update({k: st.get(k, 0) for k in PEER_COUNTERS})
            return rec
        except Exception as e:
            return {"t": round(t, 3), "stats_error": str(e)[:200]}
    poll_every(path, interval, stop, sample)


def poll_peer_count(url, db, auth, path, interval, stop):
    """Appends the peer database's InfluxQL count to PATH every INTERVAL s, timed at the middle of the query."""
    q = 'SELECT count("value"), count("state") FROM "reading"'
    def sample():
        t = time.time()
        try:
            n = sum(int(v) for s in influx_query(url, db, q, timeout=60, basic=auth)
                    for row in s["values"] for v in row[1:] if v is not None)
            return {"t": round((t + time.time()) / 2, 3), "count": n, "query_ms": round((time.time() - t) * 1000, 1)}
        except Exception as e:
            return {"t": round(t, 3), "count_error": str(e)[:200]}
    poll_every(path, interval, stop, sample)


def cmd_peer_sample(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    import threading
    threading.Thread(target=poll_peer_stats, args=(args.url, args.stats_out, args.interval, stop), daemon=True).start()
    threading.Thread(target=poll_peer_count, args=(args.influxd_url, args.db, args.auth, args.count_out,
                                                   args.count_interval, stop), daemon=True).start()
    with open(args.out, "a", encoding="utf-8") as out:
        next_t = time.time()
        while not stop:
            t = time.time()
            rec = {"t": round(t, 3)}
            st = proc_status(args.node_pid)
            rec["rss_kb"], rec["hwm_kb"] = st.get("VmRSS"), st.get("VmHWM")
            procs = all_processes()
            rec["cpu"] = {f"{name}:{pid}": round(tree_cpu(pid, procs), 3)
                          for name, pid in read_pids(args.pids_file) if pid in procs}
            rec["threads"] = {}
            rec["host"] = host_cpu()
            out.write(json.dumps(rec) + "\n")
            out.flush()
            next_t += args.interval
            while not stop and time.time() < next_t:
                time.sleep(min(0.05, max(0.0, next_t - time.time())))


def cmd_peer_stats(args):
    print(json.dumps(peer_stats(args.url, timeout=30)))


def cmd_peer_drain(args):
    """Waits until the flow has written or failed TARGET readings more than the baseline, or stopped changing."""
    base = json.loads(args.base)
    start = time.time()
    deadline = start + args.timeout
    last_value, last_change, status, st = None, start, "timeout", base
    while time.time() < deadline:
        try:
            st = peer_stats(args.url, timeout=10)
        except urllib.error.URLError as e:
            if isinstance(e.reason, ConnectionRefusedError):
                status = "gone"
                break
            last_change = time.time()  # no answer: Node-RED's event loop is busy, so it is still working
            continue
        except OSError:
            last_change = time.time()
            continue
        done = (st["written"] + st["failed"]) - (base["written"] + base["failed"])
        value = tuple(st.get(k) for k in PEER_COUNTERS)
        now = time.time()
        if value != last_value:
            last_value, last_change = value, now
        if done >= args.target:
            status = "complete"
            break
        if now - last_change >= args.quiet:
            status = "stalled"
            break
        time.sleep(args.poll)
    t_done = time.time() if status != "stalled" else last_change
    print(json.dumps({"status": status, "t_done": round(t_done, 3), "waited_s": round(time.time() - start, 2),
                      "accounted": (st["written"] + st["failed"]) - (base["written"] + base["failed"]),
                      "target": args.target}))


def log105_buckets(base, end):
    """Cumulative [(upper bound s, readings)] of the flow's latency histogram over the run (bucket b: <= 1.05^b ms)."""
    b0, b1 = base.get("latency_log105_ms", {}), end.get("latency_log105_ms", {})
    out, cum = [], 0.0
    for b in sorted(int(k) for k in b1):
        n = b1[str(b)] - b0.get(str(b), 0)
        if n > 0:
            cum += n
            out.append((1.05 ** b / 1000.0, cum))
    return out


def cmd_peer_report(args):
    d = args.dir
    e = read_env(os.path.join(d, "meta.env"))
    def jsonl(name):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    samples = jsonl("peer-samples.jsonl")
    stats = sorted((x for x in jsonl("peer-stats.jsonl") if "written" in x), key=lambda x: x["t"])
    counts = [x for x in jsonl("peer-count.jsonl") if "count" in x]
    n = int(e["PEER_STEPS"])
    steps = [peer_step(args, e, k, samples, stats, counts,
                       None if k == n else int(e[f"PEER_RUN_START_MS_{k + 1}"])) for k in range(1, n + 1)]
    with open(args.json, encoding="utf-8") as f:
        report = json.load(f)
    # side by side with the service: the step at the service's rate, else the last one
    same = [p for p in steps if float(p["rate_asked_msg_per_s"]) == float(report["options"]["rate"])]
    report["peer"] = same[0] if same else steps[-1]
    report["peer_steps"] = steps
    report["peer_sweep"] = peer_sweep(report, steps)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    if n > 1:
        for p in steps:
            if p is not report["peer"]:
                print_peer_step(p)
    print_peer(report, report["peer"])
    if n > 1 or not same:  # one step at the service's rate: the side by side says it all
        print_peer_sweep(report, report["peer_sweep"])


def peer_step(args, e, k, samples, stats, counts, next_run_from):
    """The peer's figures for step K of its phase: its load, its drain, its readings in InfluxDB."""
    d = args.dir
    base, end = json.loads(e[f"PEER_STATS_BASE_{k}"]), json.loads(e[f"PEER_STATS_END_{k}"])
    drain = json.loads(e[f"PEER_DRAIN_JSON_{k}"])
    t_base, run_from = float(e[f"PEER_T_BASE_{k}"]), int(e[f"PEER_RUN_START_MS_{k}"])
    lr = summarize_loads(read_loads(os.path.join(d, f"loads-peer-run-{k}.tsv")))
    t0, t1 = lr["t_start"], lr["t_end"]
    window = max(1e-3, t1 - t0)

    # --- InfluxDB: the peer's database, counted per site (every site and edge is written by one load
    # JVM), over the edge timestamps of this step: from its start to the next step's
    run_to = next_run_from if next_run_from is not None else int(time.time() * 1000) + 3_600_000
    stored, stored_error, edges = 0, None, []
    try:
        for x in lr["edges"]:
            q = (f"SELECT count(\"value\"), count(\"state\") FROM \"reading\" WHERE \"site\" = '{x['site']}' "
                 f"AND time >= {run_from}ms AND time < {run_to}ms")
            n = sum(int(v) for s in influx_query(args.influxd_url, args.db, q, basic=args.auth)
                    for row in s["values"] for v in row[1:] if v is not None)
            edges.append({"edge": x["edge"], "site": x["site"], "acked_readings": x["acked_readings"],
                          "stored_readings": n})
            stored += n
    except Exception as ex:
        stored_error, stored = str(ex)[:300], None
    acked = lr["acked_readings"]
    written = end["written"] - base["written"]
    failed = end["failed"] - base["failed"]
    errors = {k: v - base.get("errors", {}).get(k, 0) for k, v in end.get("errors", {}).items()}
    errors = dict(sorted(((k, v) for k, v in errors.items() if v), key=lambda kv: -kv[1])[:5])

    s0, s1 = interp(counts, "count", t0), interp(counts, "count", t1)
    sustained = None if s0 is None or s1 is None else (s1 - s0) / window
    per_second = [(b["count"] - a["count"]) / max(1e-3, b["t"] - a["t"]) for a, b in zip(counts, counts[1:])
                  if t0 <= a["t"] and b["t"] <= t1]
    count_ms = [x["query_ms"] for x in counts if t0 <= x["t"] <= t1]
    w0, w1 = interp(stats, "written", t0), interp(stats, "written", t1)
    around = [x["t"] for x in stats if x["t"] < t0][-1:] + [x["t"] for x in stats if t0 <= x["t"] <= t1] \
        + [x["t"] for x in stats if x["t"] > t1][:1]
    longest_gap = max((b - a for a, b in zip(around, around[1:])), default=None)
    answers = sum(1 for x in stats if t0 <= x["t"] <= t1)
    reconnects = 0
    try:
        with open(os.path.join(d, "peer-node-red.log"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if "Stopping flows" in line:  # the bench stopping Node-RED
                    break
                reconnects += "Disconnected from broker" in line
    except OSError:
        pass
    lat_buckets = log105_buckets(base, end)
    lat = {q: histogram_quantile(lat_buckets, q) for q in (0.5, 0.9, 0.99, 0.999)}
    cpu_load, _, host_load, cpu_window = cpu_between(samples, t0, t1)
    cpu_run, _, _, _ = cpu_between(samples, t_base, drain["t_done"])
    ours = sum(cpu_load.values())
    nr_cpu = cpu_run.get("node-red")
    rpm = int(e["OPT_RPM"]) if e.get("OPT_RPM") else 1
    peer = {
        "name": "node-red",
        "step": k,
        "rate_asked_msg_per_s": e[f"PEER_RATE_{k}"],
        "offered_msg_per_s": round(lr["offered"] / rpm, 1),
        "versions": {"node": e.get("PEER_NODE_VERSION"), "node-red": e.get("PEER_NODE_RED_VERSION"),
                     "node-red-contrib-influxdb": e.get("PEER_INFLUXDB_NODE_VERSION")},
        "pid": int(e["PEER_PID"]),
        "database": args.db,
        "load": {"acked_readings": acked, "acked_batches": lr["acked_batches"], "failed_batches": lr["failed"],
                 "unacknowledged_batches": lr["unacked"], "resends": lr["resends"],
                 "acked_readings_per_s": round(lr["offered"], 1), "window_s": round(window, 3)},
        "stored": {"influxdb_readings": stored, "influxdb_error": stored_error,
                   "flow_written_readings": written, "flow_received_readings": end["received"] - base["received"],
                   "flow_failed_readings": failed, "flow_failed_writes": end["failed_writes"] - base["failed_writes"],
                   "flow_writes": end["writes"] - base["writes"], "flow_errors": errors},
        "mqtt_disconnects": reconnects,
        "lost": None if stored is None else acked - stored,
        "lost_basis": "acked - stored(InfluxDB count of the peer database)",
        "throughput": {"sustained_stored_readings_per_s": None if sustained is None else round(sustained, 1),
                       "basis": "slope of the peer database's InfluxQL count (sampled every 2 s) over the load window",
                       "flow_written_per_s": None if w0 is None or w1 is None else round((w1 - w0) / window, 1),
                       "count_queries_in_window": len(count_ms),
                       "mean_count_query_ms": round(statistics.mean(count_ms), 1) if count_ms else None,
                       "median_per_second": round(statistics.median(per_second), 1) if per_second else None,
                       "min_per_second": round(min(per_second), 1) if per_second else None,
                       "stats_answers_in_load_window": answers,
                       "longest_stats_gap_s": None if longest_gap is None else round(longest_gap, 1),
                       "drain_s": round(max(0.0, drain["t_done"] - t1), 2), "drain_status": drain["status"]},
        "latency_edge_ts_to_stored": {"source": "the flow's histogram: write confirmed by InfluxDB (complete node) - reading ts, "
                                                "buckets of 5 %",
                                      "readings": int(lat_buckets[-1][1]) if lat_buckets else 0,
                                      "p50_s": lat[0.5], "p90_s": lat[0.9], "p99_s": lat[0.99], "p999_s": lat[0.999]},
        "process": {"peak_rss_bytes_run": max((s.get("rss_kb") or 0 for s in samples
                                               if t_base <= s["t"] <= drain["t_done"]), default=0) * 1024,
                    "cpu_s_run": None if nr_cpu is None else round(nr_cpu, 2),
                    "cpu_s_per_100k_readings": None if not stored or nr_cpu is None else round(nr_cpu / stored * 1e5, 3)},
        "cpu_during_load": {"window_s": round(cpu_window, 2),
                            "cores_by_component": {k: round(v / cpu_window, 3) for k, v in sorted(cpu_load.items())},
                            "host_busy_cores": round(host_load["busy"] / cpu_window, 3),
                            "other_processes_cores": round(max(0.0, host_load["busy"] - ours) / cpu_window, 3)},
        "edges": edges,
        "warmup": {"acked_readings": int(e["PEER_WARMUP_ACKED"]) if e.get("PEER_WARMUP_ACKED") else None,
                   "drain": json.loads(e["PEER_WARMUP_DRAIN_JSON"]) if e.get("PEER_WARMUP_DRAIN_JSON") else None},
        "files": {"samples": os.path.join(d, "peer-samples.jsonl"), "stats": os.path.join(d, "peer-stats.jsonl"),
                  "counts": os.path.join(d, "peer-count.jsonl"),
                  "log": os.path.join(d, "peer-node-red.log")},
    }
    return peer


def lossless(lost):
    """True when every acknowledged reading was counted, False when some were not, None when unknown."""
    return None if lost is None or lost < 0 else lost == 0


def peer_sweep(r, steps):
    """The peer's highest rate with nothing lost, and the service's lossless rate of this run as a multiple of it."""
    rpm = int(r["options"]["readings_per_message"])
    rows = [{"step": p["step"], "rate_asked_msg_per_s": p["rate_asked_msg_per_s"],
             "offered_msg_per_s": p["offered_msg_per_s"], "acked_readings": p["load"]["acked_readings"],
             "stored_readings": p["stored"]["influxdb_readings"], "lost": p["lost"],
             "drain_status": p["throughput"]["drain_status"], "p99_s": p["latency_edge_ts_to_stored"]["p99_s"],
             "lossless": lossless(p["lost"])} for p in steps]
    good = [x["offered_msg_per_s"] for x in rows if x["lossless"] is True]
    bad = [x["offered_msg_per_s"] for x in rows if x["lossless"] is False]
    ours_ok = r["lost"] == 0 and r["stored"]["influxdb_readings"] is not None
    ours = round(r["load"]["acked_readings_per_s"] / rpm, 1) if ours_ok else None
    def ratio(a, b):
        return None if a is None or not b else round(a / b, 2)
    peer_best = max(good) if good else None
    # a lossy rate below the best lossless one bounds nothing: only those above it do
    peer_first_lossy = min((x for x in bad if peer_best is None or x > peer_best), default=None)
    return {"steps": rows, "readings_per_message": rpm,
            "peer_highest_lossless_msg_per_s": peer_best,
            "peer_lowest_lossy_msg_per_s_above_it": peer_first_lossy,
            "service_lossless_msg_per_s": ours,
            "service_over_peer_highest_lossless": ratio(ours, peer_best),
            "service_over_peer_lowest_lossy": ratio(ours, peer_first_lossy),
            "basis": "offered = messages/s the broker acknowledged to the load over the measured window; lossless = "
                     "lost 0 (every acknowledged reading counted in InfluxDB); the service's rate is its phase's "
                     "offered rate when it lost nothing"}


def print_peer_step(P):
    L, T, Lt = P["load"], P["throughput"], P["latency_edge_ts_to_stored"]
    print("")
    print(f"=== the peer, step {P['step']}: {P['rate_asked_msg_per_s']} msg/s asked, {P['offered_msg_per_s']:,.0f} offered ===")
    print(f"acked {fmt_int(L['acked_readings'])}, stored {fmt_int(P['stored']['influxdb_readings'])}, lost "
          f"{fmt_int(P['lost'])}; sustained {fmt_int(T['sustained_stored_readings_per_s'])} readings/s, drain "
          f"{T['drain_s']:.1f} s ({T['drain_status']}); p50 {fmt_ms(Lt['p50_s'])}, p99 {fmt_ms(Lt['p99_s'])}; "
          f"node-red {'n/a' if P['process']['cpu_s_per_100k_readings'] is None else P['process']['cpu_s_per_100k_readings']} "
          f"CPU-s per 100k readings stored")


def print_peer_sweep(r, S):
    p = print
    p("")
    p(f"-- the peer's rates in this run ({S['readings_per_message']} reading(s) per message; {S['basis']})")
    p(f"  {'step':>4}  {'asked msg/s':>11}  {'offered msg/s':>13}  {'acked':>11}  {'stored':>11}  {'lost':>17}  "
      f"{'p99':>8}  drain")
    for x in S["steps"]:
        pct = "" if x["lost"] is None or not x["acked_readings"] else f" ({x['lost'] / x['acked_readings'] * 100:.1f} %)"
        p(f"  {x['step']:>4}  {x['rate_asked_msg_per_s']:>11}  {x['offered_msg_per_s']:>13,.0f}  "
          f"{fmt_int(x['acked_readings']):>11}  {fmt_int(x['stored_readings']):>11}  {fmt_int(x['lost']) + pct:>17}  "
          f"{fmt_ms(x['p99_s']):>8}  {x['drain_status']}")
    best, lossy, ours = S["peer_highest_lossless_msg_per_s"], S["peer_lowest_lossy_msg_per_s_above_it"], S["service_lossless_msg_per_s"]
    unknown = [x["step"] for x in S["steps"] if x["lossless"] is None]
    p(f"peer         highest rate with nothing lost: "
      + ("none of the steps" if best is None else f"{best:,.0f} msg/s")
      + ("" if lossy is None else f"; it lost at {lossy:,.0f} msg/s")
      + ("" if not unknown else f" (steps {', '.join(map(str, unknown))}: not counted, left out)"))
    if ours is None:
        p(f"service      lost {fmt_int(r['lost'])} readings in its phase: no lossless rate to compare")
    else:
        ratios = []
        if S["service_over_peer_highest_lossless"] is not None:
            ratios.append(f"{S['service_over_peer_highest_lossless']:.1f}x the peer's highest lossless rate")
        if S["service_over_peer_lowest_lossy"] is not None:
            ratios.append(f"{S['service_over_peer_lowest_lossy']:.1f}x the rate at which the peer lost")
        p(f"service      stored every reading of {ours:,.0f} msg/s offered in its phase"
          + (": " + ", ".join(ratios) if ratios else ""))


def print_peer(r, peer):
    p = print
    o = r["options"]
    P, L, S = peer, peer["load"], peer["stored"]
    p("")
    p(f"=== the peer: Node-RED {P['versions']['node-red']} (node-red-contrib-influxdb "
      f"{P['versions']['node-red-contrib-influxdb']}, Node.js {P['versions']['node']}), same stack, same load ===")
    p(f"acked        {fmt_int(L['acked_readings'])} readings in {fmt_int(L['acked_batches'])} batches "
      f"({L['acked_readings_per_s']:,.0f} readings/s offered; failed {L['failed_batches']}, "
      f"unacknowledged {L['unacknowledged_batches']}, resent {L['resends']})")
    p(f"stored       {fmt_int(S['influxdb_readings'])} readings counted in InfluxDB (database {P['database']}); the flow "
      f"received {fmt_int(S['flow_received_readings'])}, wrote {fmt_int(S['flow_written_readings'])} in "
      f"{fmt_int(S['flow_writes'])} writes, failed {fmt_int(S['flow_failed_readings'])} in "
      f"{fmt_int(S['flow_failed_writes'])} writes"
      + (f"  [InfluxDB count failed: {S['influxdb_error']}]" if S["influxdb_error"] else ""))
    for msg, n in S["flow_errors"].items():
        p(f"  write error x{n:,}: {msg}")
    T = P["throughput"]
    p(f"lost         {fmt_int(P['lost'])}   ({P['lost_basis']}); drain after the load {T['drain_s']:.1f} s "
      f"({T['drain_status']})")
    p(f"sustained    {fmt_int(T['sustained_stored_readings_per_s'])} readings/s ({T['basis']}; per interval: "
      f"median {fmt_int(T['median_per_second'])}, min {fmt_int(T['min_per_second'])}; "
      f"{T['count_queries_in_window']} count queries of {fmt_ms(None if T['mean_count_query_ms'] is None else T['mean_count_query_ms'] / 1000)} on average)")
    p(f"flow         writes confirmed to the flow {fmt_int(T['flow_written_per_s'])} readings/s over the load window; "
      f"the flow answered {T['stats_answers_in_load_window']} times in the load window, longest gap "
      f"{'n/a' if T['longest_stats_gap_s'] is None else T['longest_stats_gap_s']} s)")
    if P["mqtt_disconnects"]:
        p(f"mqtt         Node-RED lost its broker connection {P['mqtt_disconnects']} time(s) during the phase and "
          f"reconnected with a clean session (its default): the broker discarded what it had queued for it")
    Lt = P["latency_edge_ts_to_stored"]
    p(f"latency      p50 {fmt_ms(Lt['p50_s'])}   p90 {fmt_ms(Lt['p90_s'])}   p99 {fmt_ms(Lt['p99_s'])}   "
      f"p99.9 {fmt_ms(Lt['p999_s'])}   ({fmt_int(Lt['readings'])} readings; {Lt['source']})")
    C = P["cpu_during_load"]
    p(f"cpu          node-red {P['process']['cpu_s_run']} s over the run = "
      f"{'n/a' if P['process']['cpu_s_per_100k_readings'] is None else P['process']['cpu_s_per_100k_readings']} "
      f"CPU-s per 100k readings stored; peak RSS {P['process']['peak_rss_bytes_run'] / 2**20:,.0f} MiB")
    p(f"cores used   during the load ({C['window_s']:.0f} s): "
      + ", ".join(f"{k} {v:.2f}" for k, v in C["cores_by_component"].items())
      + f"; other processes {C['other_processes_cores']:.2f}; host total {C['host_busy_cores']:.2f}")

    # --- side by side
    ours, cores_s, cores_p = r, r["cpu_during_load"]["cores_by_component"], C["cores_by_component"]
    def pct(lost, acked):
        return "" if lost is None or not acked else f" ({lost / acked * 100:.1f} %)"
    def cores(c, key):
        return "n/a" if key not in c else f"{c[key]:.2f}"
    def num(v):
        return "n/a" if v is None else f"{v:.3f}"
    rows = [
        ("rate asked (msg/s)", str(o["rate"]), str(P["rate_asked_msg_per_s"])),
        ("offered (msg/s acked by the broker)", f"{ours['load']['acked_readings_per_s'] / int(o['readings_per_message']):,.0f}",
         f"{P['offered_msg_per_s']:,.0f}"),
        ("acked readings", fmt_int(ours["load"]["acked_readings"]), fmt_int(L["acked_readings"])),
        ("stored (InfluxQL count)", fmt_int(ours["stored"]["influxdb_readings"]), fmt_int(S["influxdb_readings"])),
        ("lost", fmt_int(ours["lost"]) + pct(ours["lost"], ours["load"]["acked_readings"]),
         fmt_int(P["lost"]) + pct(P["lost"], L["acked_readings"])),
        ("sustained stored readings/s", fmt_int(ours["throughput"]["sustained_stored_readings_per_s"]),
         fmt_int(T["sustained_stored_readings_per_s"])),
        ("drain after the load", f"{ours['throughput']['drain_s']:.1f} s", f"{T['drain_s']:.1f} s"),
        ("p50 edge ts -> stored", fmt_ms(ours["latency_edge_ts_to_stored"]["p50_s"]), fmt_ms(Lt["p50_s"])),
        ("p99 edge ts -> stored", fmt_ms(ours["latency_edge_ts_to_stored"]["p99_s"]), fmt_ms(Lt["p99_s"])),
        ("CPU-s per 100k stored", num(ours["service"]["cpu_s_per_100k_readings"]), num(P["process"]["cpu_s_per_100k_readings"])),
        ("cores during load: ingest", cores(cores_s, "service"), cores(cores_p, "node-red")),
        ("  influxd", cores(cores_s, "influxd"), cores(cores_p, "influxd")),
        ("  mosquitto", cores(cores_s, "mosquitto"), cores(cores_p, "mosquitto")),
        ("  load generators", cores(cores_s, "load"), cores(cores_p, "load")),
        ("  host total", f"{r['cpu_during_load']['host_busy_cores']:.2f}", f"{C['host_busy_cores']:.2f}"),
    ]
    p("")
    rate = "as fast as possible" if float(o["rate"]) == 0 else f"{o['rate']} msg/s"
    if float(P["rate_asked_msg_per_s"]) != float(o["rate"]):
        rate = f"{rate} (the peer {P['rate_asked_msg_per_s']} msg/s)"
    p(f"-- side by side: {o['connections']} edges, {rate} x {o['readings_per_message']} readings/message, "
      f"{o['duration_s']} s (after a {o['warmup_s']} s warm-up), each phase alone on the stack")
    w0 = max(len(x[0]) for x in rows)
    w1 = max(len(x[1]) for x in rows + [("", "service (fm)", "")])
    p(f"  {'':<{w0}}  {'service (fm)':>{w1}}  Node-RED")
    for a, b, c in rows:
        p(f"  {a:<{w0}}  {b:>{w1}}  {c}")


def main():
    ap = argparse.ArgumentParser(prog="benchlib.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("ports")
    a.add_argument("n", type=int)
    a = sub.add_parser("sites")
    a.add_argument("src")
    a.add_argument("n", type=int)
    a.add_argument("outdir")
    a = sub.add_parser("sample")
    a.add_argument("--url", required=True)
    a.add_argument("--service-pid", type=int, required=True)
    a.add_argument("--pids-file", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--interval", type=float, default=1.0)
    a = sub.add_parser("drain")
    a.add_argument("--url", required=True)
    a.add_argument("--base", required=True, help="metrics text before the load")
    a.add_argument("--target", type=float, required=True, help="readings acknowledged by the broker")
    a.add_argument("--rpm", type=int, required=True, help="readings per message")
    a.add_argument("--timeout", type=float, default=300)
    a.add_argument("--quiet", type=float, default=15)
    a.add_argument("--poll", type=float, default=0.2)
    a = sub.add_parser("acked")
    a.add_argument("reports", nargs="+")
    a = sub.add_parser("report")
    a.add_argument("--dir", required=True)
    a.add_argument("--influx-url", required=True)
    a.add_argument("--influx-db", default="facility")
    a.add_argument("--json-out", required=True)
    a.add_argument("--no-distinct", action="store_true")
    a = sub.add_parser("peer-sample")
    a.add_argument("--url", required=True, help="the flow's GET /bench/stats")
    a.add_argument("--node-pid", type=int, required=True)
    a.add_argument("--stats-out", required=True, help="the flow's counters, JSON lines")
    a.add_argument("--influxd-url", required=True)
    a.add_argument("--auth", required=True, help="user:password of the peer database")
    a.add_argument("--db", default="peer")
    a.add_argument("--count-out", required=True, help="the peer database's count, JSON lines")
    a.add_argument("--count-interval", type=float, default=2.0)
    a.add_argument("--pids-file", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--interval", type=float, default=1.0)
    a = sub.add_parser("peer-stats")
    a.add_argument("--url", required=True)
    a = sub.add_parser("peer-drain")
    a.add_argument("--url", required=True)
    a.add_argument("--base", required=True, help="the flow's stats before the load (JSON)")
    a.add_argument("--target", type=float, required=True, help="readings acknowledged by the broker")
    a.add_argument("--timeout", type=float, default=300)
    a.add_argument("--quiet", type=float, default=15)
    a.add_argument("--poll", type=float, default=0.2)
    a = sub.add_parser("peer-report")
    a.add_argument("--dir", required=True)
    a.add_argument("--influxd-url", required=True)
    a.add_argument("--auth", required=True, help="user:password of the peer database")
    a.add_argument("--db", default="peer")
    a.add_argument("--json", required=True, help="the report to add the peer section to")
    args = ap.parse_args()
    if args.cmd == "acked":
        n = 0
        for path in args.reports:
            with open(path, encoding="utf-8") as f:
                n += json.load(f)["readings"]
        print(n)
        return
    {"ports": cmd_ports, "sites": cmd_sites, "sample": cmd_sample, "drain": cmd_drain, "report": cmd_report,
     "peer-sample": cmd_peer_sample, "peer-stats": cmd_peer_stats, "peer-drain": cmd_peer_drain,
     "peer-report": cmd_peer_report}[args.cmd](args)


if __name__ == "__main__":
    main()
