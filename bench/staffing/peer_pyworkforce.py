"""Peer side of the staffing benchmark: runs in bench/staffing/.venv-peers (pyworkforce 0.5.1).

Reads a JSON list of problems on stdin, staffs each with ``pyworkforce.queuing.ErlangC``
and prints a JSON object with the agents found and the seconds spent (best of 3 runs).
"""

import json
import sys
import time

from pyworkforce.queuing import ErlangC


def main() -> None:
    problems = json.load(sys.stdin)
    timings = []
    for _ in range(3):  # best of 3, as for Kezek
        agents = []
        started = time.perf_counter()
        for contacts, aht_s, answer_s, target in problems:
            erlang = ErlangC(transactions=contacts, aht=aht_s / 60, asa=answer_s / 60, interval=30)
            result = erlang.required_positions(service_level=target, max_occupancy=1.0)
            agents.append(result["raw_positions"])
        timings.append(time.perf_counter() - started)
    seconds = min(timings)
    json.dump({"agents": agents, "seconds": seconds}, sys.stdout)


if __name__ == "__main__":
    main()
