"""Peer rows of the queue-pipe question: `count` items from one producer to one consumer
through a bounded queue, each side awaiting (asyncio) or blocking on (threads) every call.

Usage: python3 queue-pipe.py asyncio|threads COUNT MAXSIZE
Prints {"ns": elapsed, "got": items received in order}; exits 1 if an item came out of order.
Start-up is not timed: the clock starts when both sides are ready to run.
"""
import asyncio
import json
import queue
import sys
import threading
import time


def check(got, item):
    if item != got:
        sys.exit(f"out of order: expected {got}, got {item}")


async def run_asyncio(count, maxsize):
    q = asyncio.Queue(maxsize)

    async def produce():
        for i in range(count):
            await q.put(i)

    async def consume():
        for got in range(count):
            check(got, await q.get())
        return count

    t0 = time.perf_counter_ns()
    _, got = await asyncio.gather(produce(), consume())
    return time.perf_counter_ns() - t0, got


def run_threads(count, maxsize):
    q = queue.Queue(maxsize)
    gate = threading.Barrier(2)

    def produce():
        gate.wait()
        for i in range(count):
            q.put(i)

    producer = threading.Thread(target=produce)
    producer.start()
    gate.wait()
    t0 = time.perf_counter_ns()
    for got in range(count):
        check(got, q.get())
    producer.join()
    return time.perf_counter_ns() - t0, count


def main():
    mode, count, maxsize = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "asyncio":
        ns, got = asyncio.run(run_asyncio(count, maxsize))
    else:
        ns, got = run_threads(count, maxsize)
    print(json.dumps({"ns": ns, "got": got}))


main()
