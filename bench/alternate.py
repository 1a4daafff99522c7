#!/usr/bin/env python3
"""Two builds of readycheck in turn, for before/after figures on a busy machine.

usage: alternate.py ROUNDS BEFORE AFTER CORPUS [READYCHECK ARGS...]

Runs BEFORE and AFTER one after the other (in swapped order every other
round, after one warm-up run each) in CORPUS with the given arguments
(default: --offline -q .), and prints for each its median wall time, its
fastest run and its median CPU time (user + system, from wait4), then the
median of the per-round ratios AFTER / BEFORE. A ratio taken within a round
compares two runs under about the same load, so it moves less than either
median when other jobs come and go. Not a test; nothing here asserts a time.
"""
import os
import statistics
import sys
import time


def run(binary, args):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(binary, [binary] + args)
    _, _, usage = os.wait4(pid, 0)
    return time.monotonic() - t0, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__.strip())
    rounds = int(sys.argv[1])
    bins = {"before": os.path.realpath(sys.argv[2]),
            "after": os.path.realpath(sys.argv[3])}
    args = sys.argv[5:] or ["--offline", "-q", "."]
    os.chdir(sys.argv[4])
    for b in bins.values():
        run(b, args)
    got = {k: [] for k in bins}
    load0 = os.getloadavg()[0]
    for r in range(rounds):
        order = list(bins) if r % 2 == 0 else list(bins)[::-1]
        for k in order:
            got[k].append(run(bins[k], args))
    load1 = os.getloadavg()[0]
    print(f"{sys.argv[4]} {' '.join(args)}: {rounds} rounds, "
          f"load {load0:.1f} -> {load1:.1f}")
    for k in bins:
        wall = [x[0] * 1000 for x in got[k]]
        cpu = [x[1] * 1000 for x in got[k]]
        print(f"  {k:6s} wall median {statistics.median(wall):.0f} ms "
              f"(fastest {min(wall):.0f}), CPU median "
              f"{statistics.median(cpu):.0f} ms")
    wall = [a[0] / b[0] for b, a in zip(got["before"], got["after"])]
    cpu = [a[1] / b[1] for b, a in zip(got["before"], got["after"])]
    print(f"  after / before, per round: wall median "
          f"{statistics.median(wall):.3f}, CPU median "
          f"{statistics.median(cpu):.3f}")


if __name__ == "__main__":
    main()
