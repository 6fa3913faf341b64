"""Python peers of the @skein/pool questions; times itself and prints one JSON line.

usage: pool-peer.py burst N     ProcessPoolExecutor(2): submit noop(i) for i < N at once, wait for all
       pool-peer.py map N       multiprocessing.Pool(2).map(noop, range(N)), default chunksize
       pool-peer.py latency N   ProcessPoolExecutor(2): N single round trips, one after the other
Pool start-up is not timed: every pool runs one task per worker first.
"""
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool

WORKERS = 2


def noop(x):
    return x


def warm(pool):
    for f in [pool.submit(noop, i) for i in range(WORKERS * 4)]:
        f.result()


def burst(n):
    with ProcessPoolExecutor(WORKERS) as pool:
        warm(pool)
        t0 = time.perf_counter_ns()
        futures = [pool.submit(noop, i) for i in range(n)]
        results = [f.result() for f in futures]
        ns = time.perf_counter_ns() - t0
    got = sum(1 for i, r in enumerate(results) if r == i)
    return {"ns": ns, "got": got}


def map_(n):
    with Pool(WORKERS) as pool:
        pool.map(noop, range(WORKERS * 4))
        items = list(range(n))
        t0 = time.perf_counter_ns()
        results = pool.map(noop, items)
        ns = time.perf_counter_ns() - t0
    got = len(results) if results == items else 0
    return {"ns": ns, "got": got}


def latency(n):
    with ProcessPoolExecutor(WORKERS) as pool:
        warm(pool)
        times = []
        for i in range(n):
            t0 = time.perf_counter_ns()
            if pool.submit(noop, i).result() != i:
                raise SystemExit(f"task {i} answered wrong")
            times.append(time.perf_counter_ns() - t0)
    times.sort()
    return {"p50": times[n // 2] / 1e3, "p99": times[n * 99 // 100] / 1e3, "got": n}


if __name__ == "__main__":
    mode, n = sys.argv[1], int(sys.argv[2])
    print(json.dumps({"burst": burst, "map": map_, "latency": latency}[mode](n)))
