#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest methods by self
time and by total time, and the threads they ran on. Reads `jfr print --json`, so it needs only
the JDK's own jfr tool. Usage: jfrtop.py RECORDING.jfr [--top N] [--thread SUBSTRING] [--depth N]
[--since EPOCH_S] [--until EPOCH_S] [--jfr-tool PATH]"""
import argparse
import collections
import datetime
import json
import re
import subprocess
import sys


def frames_of(event, depth):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for f in (stack.get("frames") or [])[:depth]:
        m = f["method"]
        cls = m["type"]["name"]
        out.append(f"{cls}.{m['name']}")
    return out


def epoch_of(iso):
    """'2026-12-04T18:02:18.959919295Z' -> epoch seconds (fromisoformat takes at most 6 decimals)."""
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$", iso)
    base, frac, zone = m.group(1), (m.group(2) or "0")[:6], m.group(3)
    return datetime.datetime.fromisoformat(f"{base}.{frac.ljust(6, '0')}{'+00:00' if zone == 'Z' else zone}").timestamp()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--thread", default=None, help="only samples of threads whose name contains this")
    ap.add_argument("--depth", type=int, default=48)
    ap.add_argument("--since", type=float, default=None, help="only samples at or after this time (epoch seconds)")
    ap.add_argument("--until", type=float, default=None, help="only samples at or before this time (epoch seconds)")
    ap.add_argument("--jfr-tool", default="jfr", help="the jfr executable of the JDK that recorded (default: jfr on the PATH)")
    a = ap.parse_args()
    raw = subprocess.run([a.jfr_tool, "print", "--json", "--stack-depth", str(a.depth), "--events",
                          "jdk.ExecutionSample", a.recording], check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    self_count, total_count, threads = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for e in events:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        if a.thread and a.thread not in thread:
            continue
        if a.since is not None or a.until is not None:
            t = epoch_of(e["values"]["startTime"])
            if (a.since is not None and t < a.since) or (a.until is not None and t > a.until):
                continue
        frames = frames_of(e, a.depth)
        if not frames:
            continue
        n += 1
        threads[thread] += 1
        self_count[frames[0]] += 1
        for f in set(frames):
            total_count[f] += 1
    if n == 0:
        print("no CPU samples" + (f" on threads matching '{a.thread}'" if a.thread else ""))
        return
    print(f"{n} CPU samples" + (f" on threads matching '{a.thread}'" if a.thread else ""))
    print("\n-- threads")
    for t, c in threads.most_common(a.top):
        print(f"{100 * c / n:6.1f}%  {t}")
    print("\n-- self (the method running when sampled)")
    for f, c in self_count.most_common(a.top):
        print(f"{100 * c / n:6.1f}%  {f}")
    print("\n-- total (the method anywhere on the stack)")
    for f, c in total_count.most_common(a.top):
        print(f"{100 * c / n:6.1f}%  {f}")


if __name__ == "__main__":
    sys.exit(main())
