#!/usr/bin/env python3
"""Helpers of bin/bench-agent (python3 standard library only).

Subcommands:
  count --topic T --probe-topic P --out FILE
        reads `mosquitto_sub -F '%t %p'` lines from stdin and keeps FILE (JSON, replaced
        atomically every 0.2 s and at the end of input) up to date with what arrived on topic T:
        messages, distinct batches (by seq), readings of those batches (the lengths of their
        "readings" arrays), duplicates, invalid payloads, historical/live, lowest and highest seq;
        "ready" turns true once a message on the probe topic P arrived (the subscription is live).
  summary --report R --counts C --exit-code N --heap SIZE ...
        prints the summary table of a run and exits 0 when every target is met, 1 otherwise.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time


# --- count ------------------------------------------------------------------------------------

def cmd_count(args):
    lock = threading.Lock()
    state = {"ready": False, "messages": 0, "batches": 0, "readings": 0, "readings_with_duplicates": 0,
             "duplicates": 0, "invalid": 0, "historical": 0, "live": 0, "other_topics": 0,
             "min_seq": None, "max_seq": None, "first_at": None, "last_at": None, "eof": False}
    seen = set()
    dirty = [True]
    done = threading.Event()

    def write():
        with lock:
            if not dirty[0]:
                return
            snapshot = json.dumps(state)
            dirty[0] = False
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(snapshot)
        os.replace(tmp, args.out)

    def writer():
        while not done.wait(0.2):
            write()

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    def on_term(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    topic = args.topic.encode()
    probe = args.probe_topic.encode()
    try:
        for line in sys.stdin.buffer:
            line = line.rstrip(b"\n")
            if not line:
                continue
            tp, _, payload = line.partition(b" ")
            now = time.time()
            with lock:
                dirty[0] = True
                if tp == probe:
                    state["ready"] = True
                    continue
                if tp != topic:
                    state["other_topics"] += 1
                    continue
                state["messages"] += 1
                state["first_at"] = state["first_at"] or now
                state["last_at"] = now
                try:
                    msg = json.loads(payload)
                    seq = int(msg["seq"])
                    n = len(msg["readings"])
                    historical = bool(msg.get("historical", False))
                except (ValueError, KeyError, TypeError):
                    state["invalid"] += 1
                    continue
                state["readings_with_duplicates"] += n
                if seq in seen:
                    state["duplicates"] += 1
                    continue
                seen.add(seq)
                state["batches"] += 1
                state["readings"] += n
                state["historical" if historical else "live"] += 1
                state["min_seq"] = seq if state["min_seq"] is None else min(state["min_seq"], seq)
                state["max_seq"] = seq if state["max_seq"] is None else max(state["max_seq"], seq)
    except KeyboardInterrupt:
        pass
    with lock:
        state["eof"] = True
        dirty[0] = True
    done.set()
    write()


# --- summary ----------------------------------------------------------------------------------

def fmt_int(v):
    return "n/a" if v is None else f"{v:,.0f}"


def mib(v):
    return "n/a" if v is None or v < 0 else f"{v / 2**20:,.1f} MiB"


def heap_bytes(size):
    unit = size[-1].lower()
    return int(size[:-1]) * {"k": 2**10, "m": 2**20, "g": 2**30}[unit]


def cmd_summary(args):
    report = None
    try:
        with open(args.report, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError):
        pass
    counts = {}
    try:
        with open(args.counts, encoding="utf-8") as f:
            counts = json.load(f)
    except (OSError, ValueError):
        pass
    oom = args.oom
    site_rate = args.site_points / args.site_period_s
    target = args.factor * site_rate
    heap_limit = heap_bytes(args.heap)
    fill = (report or {}).get("fill", {})
    drain = (report or {}).get("drain", {})
    mem = (report or {}).get("memory", {})
    dphase = mem.get("phases", {}).get("drain", {})
    overall = mem.get("overall", {})
    backlog = fill.get("readings", args.readings)
    delivered = counts.get("readings")
    drain_rate = drain.get("readings_per_s")
    peak_heap = overall.get("peak_heap_used_bytes")

    checks = []
    ok_drain = drain_rate is not None and drain.get("empty") is True and drain_rate >= target
    checks.append(("drain >= %gx site production" % args.factor, ok_drain))
    ok_heap = not oom and args.exit_code != 3 and peak_heap is not None and peak_heap < heap_limit
    checks.append((f"heap < {args.heap} (-Xmx{args.heap}, no OutOfMemoryError)", ok_heap))
    ok_lost = (delivered is not None and delivered == backlog and counts.get("batches") == fill.get("batches")
               and drain.get("readings_acknowledged") == backlog)
    checks.append(("nothing lost (delivered == backlog)", ok_lost))
    ok_run = args.exit_code == 0
    checks.append(("DrainBenchmark exit 0", ok_run))
    passed = all(ok for _, ok in checks)

    p = print
    p("")
    p("=== bin/bench-agent: edge agent drain benchmark ===")
    p(f"machine      {args.machine}")
    p(f"site assumed {args.site_label}: {args.site_points:,} points every {args.site_period_s:g} s = "
      f"{site_rate:,.0f} readings/s; target {args.factor:g}x = {target:,.0f} readings/s")
    if fill.get("points_per_sample"):
        demo_rate = fill["points_per_sample"] / (report["options"]["period_s"] or 10)
        p(f"(the demo campus itself: {fill['points_per_sample']} points every {report['options']['period_s']:g} s = "
          f"{demo_rate:,.1f} readings/s)")
    o = (report or {}).get("options", {})
    p(f"agent        -Xmx{args.heap}, max-inflight {o.get('inflight', args.inflight)}, drain-rate "
      f"{'unlimited' if not o.get('drain_rate') else o.get('drain_rate')}, queue fsync {o.get('fsync', '?')}, "
      f"checkpoint {o.get('checkpoint', '?')}; broker Mosquitto on loopback, QoS 1")
    p("")
    rows = [
        ("backlog", f"{fmt_int(backlog)} readings in {fmt_int(fill.get('batches'))} batches "
                    f"({fill.get('points_per_sample', '?')} readings each, last one cut), "
                    f"{mib(fill.get('queue_dir_bytes'))} on disk in {fill.get('segments', '?')} segments "
                    f"({fill.get('bytes_per_reading', 0):.1f} bytes/reading)"),
        ("fill rate", f"{fmt_int(fill.get('readings_per_s'))} readings/s ({fmt_int(fill.get('batches_per_s'))} batches/s, "
                      f"{fill.get('seconds', 0):.1f} s; simulate + encode + append)"),
        ("reopen", f"{drain.get('queue_open_ms', 0):,.0f} ms to open the queue holding the backlog; heap in use then, "
                   f"after a full GC: {mib(drain.get('heap_used_holding_backlog_after_full_gc_bytes'))}"),
        ("drain rate", f"{fmt_int(drain_rate)} readings/s, {fmt_int(drain.get('batches_per_s'))} batches/s "
                       f"({drain.get('seconds', 0):.2f} s incl. {drain.get('connect_ms', 0):,.0f} ms connect; "
                       f"{fmt_int(drain.get('readings_per_s_after_connect'))} readings/s after the connect; "
                       f"{'queue empty' if drain.get('empty') else 'NOT DRAINED'})"),
        ("vs site", f"{drain_rate / site_rate:,.1f}x the assumed site's production "
                    f"(target {args.factor:g}x)" if drain_rate else "n/a"),
        ("peak heap", f"{mib(dphase.get('peak_heap_used_bytes'))} during the drain, {mib(peak_heap)} over the whole run "
                      f"(sampled every 100 ms; -Xmx{args.heap})"),
        ("post-GC", f"{mib(dphase.get('peak_post_gc_heap_bytes_collection_usage'))} peak post-GC (collection usage), "
                    f"{mib(dphase.get('peak_heap_after_gc_bytes_notifications'))} peak after-GC (notifications) during "
                    f"the drain; {', '.join(mem.get('gc', []))}, {mem.get('gc_count', '?')} GCs "
                    f"{mem.get('gc_time_ms', '?')} ms"),
        ("RSS", f"{mib(dphase.get('peak_rss_bytes'))} peak during the drain; VmHWM {mib(mem.get('vm_hwm_bytes'))} "
                f"(whole process, fill included)"),
        ("delivered", f"{fmt_int(delivered)} readings in {fmt_int(counts.get('batches'))} distinct batches received by "
                      f"the subscriber vs {fmt_int(backlog)} in the backlog (duplicates {counts.get('duplicates', '?')}, "
                      f"invalid {counts.get('invalid', '?')}; acknowledged to the agent "
                      f"{fmt_int(drain.get('readings_acknowledged'))})"),
    ]
    if oom or args.exit_code == 3:
        rows.append(("OOM", "the JVM ran out of heap (OutOfMemoryError; see the heap dump in the output folder)"))
    if report and report.get("failure"):
        rows.append(("failure", report["failure"]))
    for k, v in rows:
        p(f"{k:<12} {v}")
    p("")
    for name, ok in checks:
        p(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    p("")
    p(f"RESULT: {'PASS' if passed else 'FAIL'}")
    sys.exit(0 if passed else 1)


def main():
    ap = argparse.ArgumentParser(prog="agentbench.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("count")
    a.add_argument("--topic", required=True)
    a.add_argument("--probe-topic", required=True)
    a.add_argument("--out", required=True)
    a = sub.add_parser("summary")
    a.add_argument("--report", required=True)
    a.add_argument("--counts", required=True)
    a.add_argument("--exit-code", type=int, required=True)
    a.add_argument("--oom", action="store_true")
    a.add_argument("--heap", required=True)
    a.add_argument("--readings", type=int, required=True)
    a.add_argument("--inflight", type=int, required=True)
    a.add_argument("--site-points", type=int, required=True)
    a.add_argument("--site-period-s", type=float, required=True)
    a.add_argument("--site-label", required=True)
    a.add_argument("--factor", type=float, default=10)
    a.add_argument("--machine", default="")
    args = ap.parse_args()
    {"count": cmd_count, "summary": cmd_summary}[args.cmd](args)


if __name__ == "__main__":
    main()
