#!/usr/bin/env python3
"""Draws docs/performance.md's pictures from figures recorded there (not a benchmark: it
measures nothing). `python3 bench/plots.py` (needs matplotlib: `pip install matplotlib`)
rewrites docs/connections.png and docs/guests-memory.png.

connections.png: round trips/s with 64 active connections against the connections a server
holds open, from the 2026-12-06 table (`scripts/bench --duration 2`, all columns, one run, after
select took socket ids); the 64 point is that run's `rt/s @64` row.
guests-memory.png: resident memory per idle guest against the number of guests blocked in
accept in one process, from `scripts/bench --guests N --frugal` runs (2026-12-02).
"""
import os
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")

CONNECTIONS = [64, 1000, 5000, 10000]
# None: the server refuses (PHP's FD_SETSIZE).
ROUND_TRIPS = {
    "sockbox (socket_select)": [79121, 66250, 65684, 53450],
    "sockbox events.poller": [78233, 59635, 68134, 76372],
    "sockbox C guest": [79527, 57336, 53966, 56524],
    "php.wasm under sockbox": [62446, 37810, 28742, 20912],
    "native PHP": [85090, 33247, None, None],
    "native Rust, poll(2)": [83790, 41724, 9854, 5075],
    "native Rust, epoll(7)": [88302, 70209, 84364, 80894],
}

# (guests, KiB RSS per idle guest)
GUESTS_MEMORY = [(1000, 57.9), (2500, 57.9), (5000, 57.8), (10000, 57.8)]


def connections():
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, values in ROUND_TRIPS.items():
        points = [(c, v) for c, v in zip(CONNECTIONS, values) if v is not None]
        style = "--" if label.startswith("native") else "-"
        ax.plot(*zip(*points), style, marker="o", label=label)
        if len(points) < len(CONNECTIONS):
            ax.annotate("refuses past 1,024 (FD_SETSIZE)", points[-1], textcoords="offset points",
                        xytext=(8, -4), fontsize=8)
    ax.set_xscale("log")
    ax.set_xticks(CONNECTIONS, [f"{c:,}" for c in CONNECTIONS])
    ax.set_xlabel("connections held open (64 of them active)")
    ax.set_ylabel("round trips per second")
    ax.set_ylim(bottom=0)
    ax.set_title("Echo servers: round trips/s against open connections (2 vCPU, one CPU pinned)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "connections.png"), dpi=100)


def guests_memory():
    points = [(n, kib) for n, kib in GUESTS_MEMORY if kib is not None]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(*zip(*points), marker="o", label="sockbox, memory_init_cow off")
    ax.axhline(64, linestyle="--", color="gray", label="target: 64 KiB")
    ax.set_xlabel("guests blocked in accept, one process")
    ax.set_ylabel("KiB RSS per guest")
    ax.set_ylim(0, 80)
    ax.set_title("Memory per idle guest")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "guests-memory.png"), dpi=100)


if __name__ == "__main__":
    connections()
    guests_memory()
