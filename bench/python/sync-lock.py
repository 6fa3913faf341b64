# threading.Lock contended by N threads: `total` locked increments in all. Prints the time the
# threads took (from a barrier to the last join) and the final count, which must equal `total`.
import json
import sys
import threading
import time

total, nthreads = int(sys.argv[1]), int(sys.argv[2])
lock = threading.Lock()
count = 0


def work(k):
    global count
    for _ in range(k):
        with lock:
            count += 1


gate = threading.Barrier(nthreads + 1)


def run(k):
    gate.wait()
    work(k)


threads = [threading.Thread(target=run, args=(total // nthreads,)) for _ in range(nthreads)]
for t in threads:
    t.start()
gate.wait()
t0 = time.perf_counter_ns()
for t in threads:
    t.join()
print(json.dumps({"ns": time.perf_counter_ns() - t0, "count": count}))
