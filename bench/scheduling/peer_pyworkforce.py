"""Run pyworkforce MinRequiredResources on a problem read as JSON from stdin (peer venv only).

Input: {"num_days", "periods", "shifts_coverage", "required_resources", "cost", "time_limit_s"}.
Prints: {"status", "paid_hours", "shortfall_agent_intervals", "seconds"}.
"""

import json
import sys
import time

import numpy as np
from pyworkforce.scheduling import MinRequiredResources

problem = json.load(sys.stdin)
began = time.perf_counter()
required = np.array(problem["required_resources"])
scheduler = MinRequiredResources(
    num_days=problem["num_days"],
    periods=problem["periods"],
    shifts_coverage=problem["shifts_coverage"],
    required_resources=problem["required_resources"],
    max_period_concurrency=int(required.max()) * 4 + 10,
    max_shift_concurrency=int(required.max()) * 2 + 10,
    cost_dict=problem["cost"],
    max_search_time=problem["time_limit_s"],
    num_search_workers=2,
)
solution = scheduler.solve()
seconds = time.perf_counter() - began
covered = np.zeros_like(required)
paid = 0.0
for row in solution["resources_shifts"]:
    if row["resources"] > 0:
        covered[row["day"]] += row["resources"] * np.array(problem["shifts_coverage"][row["shift"]])
        paid += row["resources"] * problem["cost"][row["shift"]] / 60
print(
    json.dumps(
        {
            "status": solution["status"],
            "paid_hours": paid,
            "shortfall_agent_intervals": int(np.maximum(required - covered, 0).sum()),
            "seconds": seconds,
        }
    )
)
