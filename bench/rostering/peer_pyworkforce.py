"""Run pyworkforce MinHoursRoster on a problem read as JSON from stdin (peer venv only).

Input: {"num_days", "resources", "shifts", "shifts_hours", "required_resources",
"banned_shifts", "non_sequential_shifts", "time_limit_s"}.
Prints: {"status", "resource_shifts", "shifted_hours", "seconds"}.
"""

import json
import sys
import time

from pyworkforce.rostering.binary_programming import MinHoursRoster

problem = json.load(sys.stdin)
began = time.perf_counter()
roster = MinHoursRoster(
    num_days=problem["num_days"],
    resources=problem["resources"],
    shifts=problem["shifts"],
    shifts_hours=problem["shifts_hours"],
    min_working_hours=0,
    banned_shifts=problem["banned_shifts"],
    max_resting=problem["num_days"],
    required_resources=problem["required_resources"],
    non_sequential_shifts=problem["non_sequential_shifts"],
    max_search_time=problem["time_limit_s"],
    num_search_workers=2,
)
solution = roster.solve()
print(
    json.dumps(
        {
            "status": solution["status"],
            "resource_shifts": solution["resource_shifts"],
            "shifted_hours": solution["shifted_hours"],
            "seconds": time.perf_counter() - began,
        }
    )
)
