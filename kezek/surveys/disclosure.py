"""Secondary suppression: a hidden small group must not be recoverable from what is shown.

A breakdown table shows groups (client × month cells), their row and column
totals and a grand total. Hiding the groups under the smallest size is not
enough: a hidden cell equals its row total minus the shown cells of the row
(complementary disclosure), and the same holds for every scale point, so the
whole distribution would come back.

``protect`` hides more entries until no hidden entry can be computed from the
shown ones:

1. in every line (a total and its parts) with exactly one hidden entry, the
   next smallest shown part with answers is hidden too (the total when no such
   part is left, then a part without answers);
2. the result is audited with linear algebra: an entry is recoverable when it is
   the same in every solution of the line equations, i.e. when the null space of
   the equations over the hidden entries has no component on it. For each such
   entry, the smallest shown entry whose hiding makes it unrecoverable is hidden
   as well, and step 1 runs again.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*, ch. 4.2
("Primary and secondary cell suppression"). Wiley.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.linalg import null_space

Key = Hashable
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Line:
    """One additive relation of a table: ``total`` is the sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]


def _next_to_hide(line: Line, sizes: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    shown = [p for p in line.parts if p not in hidden]
    with_answers = [p for p in shown if sizes.get(p, 0) > 0]
    if with_answers:
        return min(with_answers, key=lambda p: sizes.get(p, 0))
    if line.total not in hidden:
        return line.total
    return shown[0] if shown else None


def _one_per_line(lines: Sequence[Line], sizes: Mapping[Key, int], hidden: set[Key]) -> None:
    """Step 1, to a fixed point: no line keeps exactly one hidden entry."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = sum(1 for key in (line.total, *line.parts) if key in hidden)
            if unknown != 1:
                continue
            extra = _next_to_hide(line, sizes, hidden)
            if extra is not None:
                hidden.add(extra)
                changed = True


def recoverable(lines: Sequence[Line], hidden: set[Key]) -> set[Key]:
    """Hidden entries that the line equations determine from the shown entries."""
    unknowns = sorted(hidden, key=repr)
    if not unknowns:
        return set()
    column = {key: index for index, key in enumerate(unknowns)}
    matrix = np.zeros((len(lines), len(unknowns)))
    for row, line in enumerate(lines):
        if line.total in column:
            matrix[row, column[line.total]] = -1.0
        for part in line.parts:
            if part in column:
                matrix[row, column[part]] += 1.0
    basis = null_space(matrix)
    free = np.abs(basis).max(axis=1) if basis.size else np.zeros(len(unknowns))
    return {key for key, amount in zip(unknowns, free, strict=True) if amount <= _TOLERANCE}


def _repair(
    exposed: Key, lines: Sequence[Line], sizes: Mapping[Key, int], hidden: set[Key]
) -> Key | None:
    """The smallest shown entry (with answers first) whose hiding protects ``exposed``."""
    entries = {key for line in lines for key in (line.total, *line.parts)} - hidden
    for candidate in sorted(
        entries, key=lambda k: (sizes.get(k, 0) == 0, sizes.get(k, 0), repr(k))
    ):
        if exposed not in recoverable(lines, hidden | {candidate}):
            return candidate
    return None


def protect(*, lines: Sequence[Line], sizes: Mapping[Key, int], primary: set[Key]) -> set[Key]:
    """Every entry to hide: the ``primary`` ones (too small) and those that would give them away.

    Parameters
    ----------
    lines : sequence of Line
        The table's additive relations (each row, each column, the margins).
    sizes : mapping
        Answers behind each entry; entries missing here have none.
    primary : set
        Entries hidden for being smaller than the smallest group reported.

    Returns
    -------
    set
        ``primary`` and the secondary suppressions; no entry of it can be
        computed from the entries left out of it.
    """
    hidden = set(primary)
    for _round in range(len(sizes) + len(lines) + 1):
        _one_per_line(lines, sizes, hidden)
        exposed = recoverable(lines, hidden)
        if not exposed:
            return hidden
        extra = _repair(min(exposed, key=repr), lines, sizes, hidden)
        if extra is None:  # cannot happen while a shown entry is left; be safe anyway
            return hidden | {key for line in lines for key in (line.total, *line.parts)}
        hidden.add(extra)
    return hidden
