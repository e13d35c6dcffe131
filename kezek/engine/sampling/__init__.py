"""Survey statistics and quality sampling: sample sizes, intervals, scores, comparisons.

The first four names are the stable contract the surveys app relies on (issue 7,
item 6): ``sample_size``, ``wilson_interval``, ``nps`` and ``top_box``. See
``docs/statistics.md`` for the formulas and the choices behind them.
"""

from kezek.engine.sampling.allocation import (
    CALLS_PER_AGENT,
    allocate_monitoring,
    vendor_monthly_sample,
)
from kezek.engine.sampling.comparisons import (
    GroupComparison,
    HolmResult,
    Method,
    PairwiseComparison,
    ProportionTest,
    compare_proportions,
    compare_ratings,
    holm,
    minimum_detectable_difference,
    pairwise_proportions,
    pairwise_ratings,
    two_proportion_z_test,
)
from kezek.engine.sampling.intervals import (
    MeanInterval,
    mean_interval,
    wilson_interval,
    wilson_intervals,
)
from kezek.engine.sampling.sample_size import margin_of_error, sample_size
from kezek.engine.sampling.scores import (
    DimensionSummary,
    Suppressed,
    nps,
    summarize_dimension,
    top_box,
)
from kezek.engine.sampling.standards import (
    StaffStanding,
    StandardFlag,
    flag_proportions,
    flag_staff,
)

__all__ = [
    "CALLS_PER_AGENT",
    "DimensionSummary",
    "GroupComparison",
    "HolmResult",
    "MeanInterval",
    "Method",
    "PairwiseComparison",
    "ProportionTest",
    "StaffStanding",
    "StandardFlag",
    "Suppressed",
    "allocate_monitoring",
    "compare_proportions",
    "compare_ratings",
    "flag_proportions",
    "flag_staff",
    "holm",
    "margin_of_error",
    "mean_interval",
    "minimum_detectable_difference",
    "nps",
    "pairwise_proportions",
    "pairwise_ratings",
    "sample_size",
    "summarize_dimension",
    "top_box",
    "two_proportion_z_test",
    "vendor_monthly_sample",
    "wilson_interval",
    "wilson_intervals",
]
