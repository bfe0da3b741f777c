"""Run:  python bench/bench_split.py 300000

Does splitting the single-failure analysis over two cores pay? Run the analysis
alone, then two copies at once in two forked processes over the same (copy-on-write)
compiled inventory: if two at once take as long as one alone, a perfect split into
halves would halve the time; if they take twice as long, the cores share a
bottleneck (memory bandwidth) and a split cannot pay."""
import gc, os, sys, time
gc.set_threshold(200_000, 30, 30)
from depgraph.loaders.synthetic import synthetic_inventory
from depgraph.core.graph import compile_inventory
from depgraph.core.graph_numpy import compiled_arrays
from depgraph.analysis.single_failures import single_failures
n = int(sys.argv[1])
inv = synthetic_inventory(n, seed=1)
c = compile_inventory(inv); compiled_arrays(c)
single_failures(c)  # warm caches
def one():
    t = time.perf_counter(); single_failures(c); return time.perf_counter() - t
def both():
    r, w = os.pipe()
    t = time.perf_counter()
    pids = []
    for k in range(2):
        pid = os.fork()
        if pid == 0:
            single_failures(c); os._exit(0)
        pids.append(pid)
    for pid in pids: os.waitpid(pid, 0)
    return time.perf_counter() - t
alone = min(one() for _ in range(3))
pair = min(both() for _ in range(3))
# a fork alone, to separate the cost of forking from the contention
def forked():
    t = time.perf_counter(); pid = os.fork()
    if pid == 0:
        single_failures(c); os._exit(0)
    os.waitpid(pid, 0); return time.perf_counter() - t
fork1 = min(forked() for _ in range(3))
print(f"{n} components: alone {alone:.2f} s; in a forked process {fork1:.2f} s; two at once {pair:.2f} s "
      f"(x{pair / fork1:.2f}); a perfect two-way split would take at best {pair / 2:.2f} s + merging")
