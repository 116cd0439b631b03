#!/usr/bin/env python3
"""Helpers of bin/bench-energy (python3 standard library only; shares benchlib.py's /proc and
Prometheus readers).

Subcommands:
  site ...        a site description of N electricity meters in B buildings and D departments (JSON,
                  which is YAML too), plus K partial copies (same site, a share of the meters each)
                  for the live load's edges
  sample ...      every interval, the service's ingest and rollup counters and its CPU seconds, as
                  JSON lines, until SIGTERM
  wait ...        waits until TARGET readings more than at T0 are stored or rejected and, when asked,
                  the rollups are done (backlog 0 and the interval counters still for --quiet s);
                  prints one JSON line of the phase's figures from the samples
  late ...        publishes the readings the history left out, one at a time, as late readings, and
                  polls the REST consumption of the quarter hour until its value changes
  report ...      asks the service for a monthly report of a site (XLSX) and times it
  summary ...     prints the figures table from the phase files
"""
import base64
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

LENGTHS = ["15m", "1h", "1d", "1mo", "1y"]


# --- site --------------------------------------------------------------------------------------


def _authorized(url):
    """A request that logs in to the service with FM_API_AUTH (user:password), set by the bench scripts."""
    req = urllib.request.Request(url)
    auth = os.environ.get("FM_API_AUTH")
    influx = any(part in url for part in ("/query", "/write", "/api/v2/"))
    if auth and not influx:
        req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii"))
    return req

def cmd_site(args):
    site = args.site_id
    departments = [{"id": f"{site}-dep{d:02d}", "name": f"Department {d}"} for d in range(1, args.departments + 1)]
    buildings = [{"id": f"{site}-b{b}", "name": f"Building {b}",
                  "zones": [{"id": f"{site}-b{b}-plant", "name": "Plant room"}]}
                 for b in range(1, args.buildings + 1)]
    assets = []
    for m in range(1, args.meters + 1):
        b = (m - 1) % args.buildings + 1
        d = (m - 1) % args.departments + 1
        aid = f"{site}-m{m:04d}"
        assets.append({
            "id": aid, "name": f"Electricity meter {m}", "kind": "Electrical_Meter",
            "building": f"{site}-b{b}", "zone": f"{site}-b{b}-plant", "department": f"{site}-dep{d:02d}",
            "tags": ["elec", "meter"],
            "points": [{"id": f"{aid}-energy", "name": "Active energy import", "quantity": "active_energy",
                        "unit": "kWh", "kind": "cumulative", "measurement": "electricity", "field": "energy_kwh",
                        "carrier": "electricity"}]})
    desc = {"site": {"id": site, "name": "Energy bench site", "timezone": args.timezone},
            "departments": departments, "buildings": buildings, "assets": assets}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(desc, f, indent=1)
    for k in range(1, args.parts + 1):
        part = dict(desc, assets=assets[k - 1::args.parts])
        with open(os.path.join(args.parts_dir, f"part{k}.json"), "w", encoding="utf-8") as f:
            json.dump(part, f, indent=1)
    print(json.dumps({"site": site, "meters": len(assets), "first_point": assets[0]["points"][0]["id"]}))


# --- sample ------------------------------------------------------------------------------------

def figures(text):
    s = benchlib.parse_prom(text)
    z = lambda v: 0.0 if v is None else v  # noqa: E731
    rec = {"stored": z(benchlib.total(s, "fm_ingest_readings_stored_total")),
           "rejected_readings": z(benchlib.total(s, "fm_ingest_readings_rejected_total")),
           "rejected_messages": z(benchlib.total(s, "fm_ingest_messages_rejected_total")),
           "pending": z(benchlib.total(s, "fm_ingest_pending_messages")),
           "backlog": benchlib.total(s, "fm_energy_rollup_backlog"),
           "runs": z(benchlib.total(s, "fm_energy_rollup_runs_total")),
           "failures": z(benchlib.total(s, "fm_energy_rollup_failures_total")),
           "heap_used": z(benchlib.total(s, "jvm_memory_used_bytes", area="heap"))}
    computed = benchlib.by_label(s, "fm_energy_intervals_computed_total", "length")
    rec["intervals"] = {k: computed.get(k, 0.0) for k in LENGTHS}
    rec["held"] = z(benchlib.total(s, "fm_energy_rollup_held_readings"))
    rec["meters"] = benchlib.by_label(s, "fm_energy_rollup_meters_total", "readings")
    rec["continued"] = z(benchlib.total(s, "fm_energy_quarters_continued_total"))
    return rec


def cmd_sample(args):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    with open(args.out, "a", encoding="utf-8") as out:
        next_t = time.time()
        while not stop:
            t = time.time()
            rec = {"t": round(t, 3)}
            try:
                rec.update(figures(benchlib.fetch(args.url, timeout=5)))
            except Exception as e:  # a slow or busy service: record the gap
                rec["metrics_error"] = str(e)[:200]
            st = benchlib.proc_stat(args.service_pid)
            rec["cpu"] = None if st is None else st[1]
            if args.influx_pid:
                ist = benchlib.proc_stat(args.influx_pid)
                rec["influx_cpu"] = None if ist is None else ist[1]
            rec["host"] = benchlib.host_cpu()
            out.write(json.dumps(rec) + "\n")
            out.flush()
            next_t += args.interval
            while not stop and time.time() < next_t:
                time.sleep(min(0.05, max(0.0, next_t - time.time())))


def read_samples(path):
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if "stored" in r and r.get("cpu") is not None:
                    out.append(r)
    except OSError:
        pass
    return out


# --- wait --------------------------------------------------------------------------------------

def cmd_wait(args):
    """Polls the samples file until the phase is over; prints the phase's figures."""
    deadline = time.time() + args.timeout
    status = "timeout"
    while time.time() < deadline:
        s = read_samples(args.samples)
        phase = [r for r in s if r["t"] >= args.t0 - 1.5]
        if len(phase) >= 2:
            base = phase[0]
            ingested = [r for r in phase if r["stored"] + r["rejected_readings"] - base["stored"]
                        - base["rejected_readings"] >= args.target]
            if ingested and not args.rollups:
                status = "complete"
                break
            if ingested:
                last = phase[-1]
                still_since = last["t"]
                for r in reversed(phase):
                    if r["intervals"] != last["intervals"] or r["backlog"] != 0:
                        break
                    still_since = r["t"]
                if last["backlog"] == 0 and last["t"] - still_since >= args.quiet and still_since >= ingested[0]["t"]:
                    status = "complete"
                    break
        time.sleep(0.5)
    s = [r for r in read_samples(args.samples) if r["t"] >= args.t0 - 1.5]
    print(json.dumps(phase_figures(s, args, status)))


def phase_figures(s, args, status):
    if len(s) < 2:
        return {"status": "no samples"}
    base, last = s[0], s[-1]
    got = lambda r: r["stored"] + r["rejected_readings"] - base["stored"] - base["rejected_readings"]  # noqa: E731
    ingested = next((r for r in s if got(r) >= args.target), None)
    # Rollups are done at the last sample whose interval counters differ from the final ones.
    done = base
    for r in s:
        if r["intervals"] != last["intervals"] or (r.get("backlog") or 0) != 0:
            done = r
    if args.rollups:
        nxt = [r for r in s if r["t"] > done["t"]]
        done = nxt[0] if nxt else done
    end = done if args.rollups else (ingested or last)
    t_ingested = (ingested or last)["t"]
    host = lambda a, b: b["host"]["busy"] - a["host"]["busy"]  # noqa: E731
    at = lambda t: min(s, key=lambda r: abs(r["t"] - t))  # noqa: E731
    ing = ingested or last
    return {
        "status": status, "t0": args.t0, "target": args.target,
        "stored": got(last) - (last["rejected_readings"] - base["rejected_readings"]),
        "rejected": last["rejected_readings"] - base["rejected_readings"],
        "rejected_messages": last["rejected_messages"] - base["rejected_messages"],
        "ingest_s": round(t_ingested - args.t0, 2),
        "done_s": round(end["t"] - args.t0, 2),
        "cpu_s": round(end["cpu"] - base["cpu"], 2),
        "cpu_s_ingest": round(ing["cpu"] - base["cpu"], 2),
        "host_busy_s": round(host(base, end), 2),
        "influx_cpu_s": (round(end["influx_cpu"] - base["influx_cpu"], 2)
                         if end.get("influx_cpu") is not None and base.get("influx_cpu") is not None else None),
        "wall_s": round(end["t"] - base["t"], 2),
        "intervals": {k: int(end["intervals"][k] - base["intervals"][k]) for k in LENGTHS},
        "runs": int(end["runs"] - base["runs"]),
        "failures": int(last["failures"] - base["failures"]),
        "max_backlog": max((r.get("backlog") or 0) for r in s),
        "backlog_at_ingest_done": at(t_ingested).get("backlog"),
        "peak_heap_mib": round(max(r["heap_used"] for r in s) / 2**20),
    }


# --- late --------------------------------------------------------------------------------------

def http_json(url, timeout=10):
    with urllib.request.urlopen(_authorized(url), timeout=timeout) as r:
        return json.loads(r.read().decode("utf-8"))


def influx_values(influx, db, point, lo, hi):
    q = (f"SELECT \"energy_kwh\" FROM \"electricity\" WHERE \"point\" = '{point}' "
         f"AND time >= {lo}ms AND time <= {hi}ms")
    url = f"{influx}/query?" + urllib.parse.urlencode({"db": db, "q": q, "epoch": "ms"})
    with urllib.request.urlopen(benchlib.influx_request(url), timeout=10) as r:
        res = json.loads(r.read().decode("utf-8"))["results"][0]
    return [(int(t), float(v)) for t, v in (res.get("series") or [{"values": []}])[0]["values"]]


def quarter_value(base, point, ts):
    q = urllib.parse.urlencode({"point": point, "interval": "15m",
                                "from": iso(ts - 900_000), "to": iso(ts)})
    rows = http_json(f"{base}/api/energy/consumption?{q}", timeout=5).get("intervals") or []
    return rows[0]["value"] if rows else None


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + "Z"


def cmd_late(args):
    with open(args.history_report, encoding="utf-8") as f:
        holes = json.load(f)["holes"]
    results = []
    for n, h in enumerate(holes[:args.count]):
        point, ts = h["point"], int(h["ts"])
        around = influx_values(args.influx, args.db, point, ts - 900_000, ts + 900_000)
        if len(around) != 2:
            results.append({"ts": ts, "error": f"expected the 2 neighbours, found {len(around)} readings"})
            continue
        (_, v0), (_, v1) = around
        value = round(v0 + 0.8 * (v1 - v0), 6)   # not on the line between them: the quarter's value changes
        before = quarter_value(args.base, point, ts)
        payload = json.dumps({"v": 1, "site": args.site, "edge": args.edge, "seq": int(time.time() * 1000) + n,
                              "historical": True, "readings": [{"point": point, "ts": ts, "value": value}]})
        t0 = time.monotonic()
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(args.port), "-u", args.edge, "-P", args.password,
                        "-i", f"{args.edge}-late", "-q", "1", "-t", f"fm/v1/{args.site}/{args.edge}/data",
                        "-m", payload], check=True, timeout=10)
        published = time.monotonic()
        seen, now = None, before
        while time.monotonic() - t0 < args.timeout:
            now = quarter_value(args.base, point, ts)
            if now != before:
                seen = time.monotonic()
                break
            time.sleep(0.01)
        results.append({"ts": ts, "quarter_before": before, "quarter_after": now,
                        "publish_ms": round((published - t0) * 1000, 1),
                        "ms": None if seen is None else round((seen - t0) * 1000, 1)})
        time.sleep(args.pause)
    ms = [r["ms"] for r in results if r.get("ms") is not None]
    print(json.dumps({"runs": results, "median_ms": statistics.median(ms) if ms else None,
                      "max_ms": max(ms) if ms else None, "reflected": len(ms), "tried": len(results)}))


# --- report ------------------------------------------------------------------------------------

def cmd_report(args):
    q = urllib.parse.urlencode({"site": args.site, "from": args.from_, "to": args.to, "format": "xlsx"})
    url = f"{args.base}/api/energy/reports?{q}"
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(_authorized(url), timeout=args.timeout) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    except Exception as e:  # noqa: BLE001 (timeouts, refused)
        print(json.dumps({"available": False, "why": str(e)[:200]}))
        return
    secs = time.monotonic() - t0
    if status != 200:
        print(json.dumps({"available": False, "why": f"HTTP {status}", "body": body[:200].decode("utf-8", "replace")}))
        return
    print(json.dumps({"available": True, "seconds": round(secs, 3), "bytes": len(body), "url": url}))


# --- summary -----------------------------------------------------------------------------------

def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(v, spec=",.0f", none="n/a"):
    return none if v is None else format(v, spec)


def cmd_summary(args):
    d = args.dir
    meta = load(os.path.join(d, "meta.json")) or {}
    hist = load(os.path.join(d, "history-on.json")) or {}
    on, off = load(os.path.join(d, "phase-history-on.json")), load(os.path.join(d, "phase-history-off.json"))
    lon, loff = load(os.path.join(d, "phase-live-on.json")), load(os.path.join(d, "phase-live-off.json"))
    late, rep = load(os.path.join(d, "late.json")), load(os.path.join(d, "report.json"))
    p = print
    p("")
    p("=== bin/bench-energy: energy rollups (figures, not a test) ===")
    p(f"machine      {meta.get('machine', '?')}; load average before {meta.get('loadavg', '?')}")
    p(f"size         {meta.get('meters')} electricity meters, {meta.get('departments')} departments, "
      f"{meta.get('buildings')} buildings; {meta.get('days')} days of 15-minute readings "
      f"({fmt(hist.get('readings'))} readings), site time zone {meta.get('timezone')}")
    p(f"service      -Xmx{meta.get('heap')} {meta.get('jvm_opts', '')} {meta.get('service_env', '')}".rstrip())
    p("")
    p("-- 1. history loaded through ingest (MQTT, historical batches -> service -> InfluxDB)")
    if hist:
        p(f"published    {fmt(hist.get('readings'))} readings in {fmt(hist.get('batches'))} batches, acknowledged in "
          f"{hist.get('seconds')} s = {fmt(hist.get('readingsPerSecond'))} readings/s (broker)")
    for name, ph in (("rollups on", on), ("rollups off", off)):
        if ph:
            p(f"{name:<12} stored {fmt(ph['stored'])}, rejected {fmt(ph['rejected'])}; all stored after "
              f"{ph['ingest_s']} s = {fmt(ph['stored'] / max(ph['ingest_s'], 1e-3))} readings/s")
    p("")
    p("-- 2. rollups from scratch (from the start of the load until the backlog is 0 and the counters stop)")
    if on:
        rate = on["stored"] / max(on["done_s"], 1e-3)
        p(f"done after   {on['done_s']} s ({on['status']}) = {fmt(rate)} readings/s rolled up; backlog max "
          f"{fmt(on['max_backlog'])} ranges, {fmt(on['backlog_at_ingest_done'])} when ingest had stored all; "
          f"{on['runs']} runs, {on['failures']} failures")
        p("intervals    " + ", ".join(f"{k} {fmt(v)}" for k, v in on["intervals"].items())
          + f"  (per s over the run: " + ", ".join(f"{k} {fmt(v / max(on['done_s'], 1e-3))}"
                                                   for k, v in on["intervals"].items()) + ")")
        if on.get("influx_cpu_s") is not None:
            p(f"influxd cpu  {on['influx_cpu_s']} s with rollups" + (
                f"; {off['influx_cpu_s']} s with rollups off" if off and off.get("influx_cpu_s") is not None else ""))
        p(f"service cpu  {on['cpu_s']} s with rollups (of which {on['cpu_s_ingest']} s until ingest had stored all)"
          + (f"; {off['cpu_s']} s with rollups off -> rollups add {on['cpu_s'] - off['cpu_s']:.1f} CPU-s = "
             f"{(on['cpu_s'] - off['cpu_s']) / max(on['stored'], 1) * 1e5:.3f} CPU-s per 100k readings"
             if off else "; no run with rollups off (--no-compare)"))
        p(f"from scratch {fmt(rate)} readings/s: a history loaded as fast as ingest takes it is rolled up "
          f"{on['done_s'] - on['ingest_s']:.1f} s after it was stored "
          f"({'at least' if rate >= 50_000 else 'below'} the 50,000 readings/s of the live load)")
    p("")
    p("-- 3. recompute after one late reading (publish -> REST value of its quarter hour changed)")
    if late and late.get("reflected"):
        p(f"late         median {late['median_ms']:,.0f} ms, max {late['max_ms']:,.0f} ms over {late['reflected']} of "
          f"{late['tried']} readings (target < 1,000 ms); each: "
          + ", ".join(fmt(r.get("ms"), ",.0f") for r in late["runs"]))
    else:
        p(f"late         not measured ({(late or {}).get('runs', 'no data')})")
    p("")
    p("-- 4. monthly report for the site's departments (GET /api/energy/reports?format=xlsx)")
    if rep and rep.get("available"):
        p(f"report       {rep['seconds']:.2f} s, {fmt(rep['bytes'])} bytes (target < 5 s)")
    else:
        p(f"report: not available in this build ({(rep or {}).get('why', 'not run')})")
    p("")
    p("-- 5. live ingest at the standard load (cumulative registers of the meters, live batches)")
    for name, ph in (("rollups on", lon), ("rollups off", loff)):
        if ph:
            p(f"{name:<12} stored {fmt(ph['stored'])} (rejected {fmt(ph['rejected'])}) in {ph['ingest_s']} s = "
              f"{fmt(ph['stored'] / max(ph['ingest_s'], 1e-3))} readings/s; service {ph['cpu_s']} CPU-s until "
              f"{'rollups done' if name == 'rollups on' else 'stored'} ({ph['done_s']} s) = "
              f"{ph['cpu_s'] / max(ph['stored'], 1) * 1e5:.3f} CPU-s per 100k readings"
              + (f"; intervals " + ", ".join(f"{k} {fmt(v)}" for k, v in ph["intervals"].items())
                 + f"; backlog max {fmt(ph['max_backlog'])}" if name == "rollups on" else ""))
    if lon:
        lag = lon["done_s"] - lon["ingest_s"]
        p(f"target       rollups keep up with the live load: done {lag:.1f} s after its last reading was stored "
          f"({'keeps up' if lag <= 5 else 'falls behind'}: a lag of a few seconds, whatever the load's length)")
    if lon and loff:
        extra = (lon["cpu_s"] / max(lon["stored"], 1) - loff["cpu_s"] / max(loff["stored"], 1)) * 1e5
        p(f"extra        rollups add {extra:.3f} CPU-s per 100k live readings")
    p("")


def main():
    ap = argparse.ArgumentParser(prog="energybench.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("site")
    a.add_argument("--site-id", default="ebench")
    a.add_argument("--meters", type=int, required=True)
    a.add_argument("--departments", type=int, required=True)
    a.add_argument("--buildings", type=int, required=True)
    a.add_argument("--timezone", default="Europe/Berlin")
    a.add_argument("--parts", type=int, default=0)
    a.add_argument("--parts-dir", default=".")
    a.add_argument("--out", required=True)
    a = sub.add_parser("sample")
    a.add_argument("--url", required=True)
    a.add_argument("--service-pid", type=int, required=True)
    a.add_argument("--influx-pid", type=int, default=0)
    a.add_argument("--out", required=True)
    a.add_argument("--interval", type=float, default=0.5)
    a = sub.add_parser("wait")
    a.add_argument("--samples", required=True)
    a.add_argument("--t0", type=float, required=True)
    a.add_argument("--target", type=float, required=True)
    a.add_argument("--rollups", action="store_true")
    a.add_argument("--quiet", type=float, default=5)
    a.add_argument("--timeout", type=float, default=3600)
    a = sub.add_parser("late")
    a.add_argument("--history-report", required=True)
    a.add_argument("--count", type=int, default=5)
    a.add_argument("--base", required=True)
    a.add_argument("--influx", required=True)
    a.add_argument("--db", default="facility")
    a.add_argument("--site", required=True)
    a.add_argument("--edge", required=True)
    a.add_argument("--password", required=True)
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--timeout", type=float, default=30)
    a.add_argument("--pause", type=float, default=1.5)
    a = sub.add_parser("report")
    a.add_argument("--base", required=True)
    a.add_argument("--site", required=True)
    a.add_argument("--from", dest="from_", required=True)
    a.add_argument("--to", required=True)
    a.add_argument("--timeout", type=float, default=120)
    a = sub.add_parser("summary")
    a.add_argument("--dir", required=True)
    args = ap.parse_args()
    {"site": cmd_site, "sample": cmd_sample, "wait": cmd_wait, "late": cmd_late, "report": cmd_report,
     "summary": cmd_summary}[args.cmd](args)


if __name__ == "__main__":
    main()
