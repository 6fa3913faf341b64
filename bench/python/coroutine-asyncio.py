"""asyncio peers of the @skein/coroutine questions; each mode times itself and prints one JSON line.

python3 coroutine-asyncio.py gather|taskgroup|cancel|heap|rtt N
"""
import asyncio
import json
import statistics
import sys
import threading
import time
import tracemalloc


async def one_yield(i):
    await asyncio.sleep(0)  # asyncio's only yield: one trip through the loop's ready queue
    return i


async def gather(n):
    t0 = time.perf_counter_ns()
    results = await asyncio.gather(*[one_yield(i) for i in range(n)])
    ns = time.perf_counter_ns() - t0
    return {"ns": ns, "sum": sum(results)}


async def taskgroup(n):
    t0 = time.perf_counter_ns()
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(one_yield(i)) for i in range(n)]
    ns = time.perf_counter_ns() - t0
    return {"ns": ns, "sum": sum(t.result() for t in tasks)}


async def cancel(n):
    tasks = [asyncio.create_task(asyncio.sleep(60)) for _ in range(n)]
    await asyncio.sleep(0)  # every task starts and parks on its timer
    t0 = time.perf_counter_ns()
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    ns = time.perf_counter_ns() - t0
    cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
    return {"ns": ns, "cancelled": cancelled}


async def heap(n):
    tracemalloc.start()
    await asyncio.sleep(0)
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.create_task(asyncio.sleep(60)) for _ in range(n)]
    await asyncio.sleep(0)  # started, each parked on its timer
    after = tracemalloc.get_traced_memory()[0]
    pending = sum(not t.done() for t in tasks)
    tracemalloc.stop()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"bytes": (after - before) / n, "pending": pending}


async def echo(x):
    return x


def rtt(n):
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    warmup = 2 * n  # as the Node rows: 4,000 warm-up trips before timing 2,000
    samples = []
    for i in range(warmup + n):
        t0 = time.perf_counter_ns()
        value = asyncio.run_coroutine_threadsafe(echo(i), loop).result()
        samples.append(time.perf_counter_ns() - t0)
        if value != i:
            raise SystemExit(f"echo returned {value}, expected {i}")
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    warm = sorted(samples[warmup:])
    return {
        "p50": statistics.median(warm) / 1e3,
        "p99": warm[int(len(warm) * 0.99)] / 1e3,
    }


def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    if mode == "rtt":
        out = rtt(n)
    else:
        out = asyncio.run({"gather": gather, "taskgroup": taskgroup, "cancel": cancel, "heap": heap}[mode](n))
    print(json.dumps(out))


main()
