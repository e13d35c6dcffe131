"""How many answers (or monitored calls) a proportion estimate needs, and the margin they give."""

from __future__ import annotations

import math

from kezek.engine.sampling._checks import check_count, check_fraction, z_two_sided


def sample_size(
    population: int | None,
    confidence: float = 0.95,
    margin: float = 0.05,
    p: float = 0.5,
) -> int:
    """Smallest simple random sample that estimates a proportion to within ``margin``.

    Cochran's formula ``n0 = z^2 p (1 - p) / margin^2`` with the finite-population
    correction ``n = n0 / (1 + (n0 - 1) / population)``, rounded up. Positional
    parameters are part of the stable surveys contract (issue 7, item 6).

    Parameters
    ----------
    population : int or None
        Number of people (or contacts) that could be sampled; ``None`` means
        unlimited, so no correction is applied. ``0`` needs a sample of 0.
    confidence : float
        Two-sided confidence level, a fraction strictly between 0 and 1.
    margin : float
        Half-width of the interval wanted, as a fraction (``0.05`` is ±5 points).
    p : float
        Anticipated proportion; ``0.5`` is the worst case and the safe default.

    Returns
    -------
    int
        Answers needed; never more than ``population``.

    Raises
    ------
    ValueError
        An argument is outside its domain; the message names it.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley, §4.4, eqs. (4.1)-(4.2).
    """
    if population is not None:
        population = check_count("population", population)
    z = z_two_sided(check_fraction("confidence", confidence))
    margin = check_fraction("margin", margin)
    p = check_fraction("p", p)
    n0 = z * z * p * (1.0 - p) / (margin * margin)
    if population is None:
        return _ceil(n0)
    if population == 0:
        return 0
    return min(population, _ceil(n0 / (1.0 + (n0 - 1.0) / population)))


def margin_of_error(
    *,
    answers: int,
    population: int | None = None,
    confidence: float = 0.95,
    p: float = 0.5,
) -> float:
    """Half-width of the interval that ``answers`` give: :func:`sample_size` run backwards.

    Parameters
    ----------
    answers : int
        Answers received (sample size), at least 1 and at most ``population``.
    population : int or None
        Population sampled from; ``None`` means unlimited.
    confidence : float
        Two-sided confidence level, a fraction strictly between 0 and 1.
    p : float
        Anticipated proportion; ``0.5`` gives the widest (safe) margin.

    Returns
    -------
    float
        Margin as a fraction (``0.05`` is ±5 points); 0 when every member answered.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley, §3.4 and §4.4.
    """
    answers = check_count("answers", answers, minimum=1)
    z = z_two_sided(check_fraction("confidence", confidence))
    p = check_fraction("p", p)
    variance = p * (1.0 - p) / answers
    if population is not None:
        population = check_count("population", population, minimum=1)
        if answers > population:
            raise ValueError(f"answers must not exceed population ({population}), got {answers}")
        # (N - n) / (N - 1) is the hypergeometric correction; a census has no error.
        variance *= 0.0 if population == answers else (population - answers) / (population - 1)
    return z * math.sqrt(variance)


def _ceil(value: float) -> int:
    # Round away float noise first: an exact 370.0 computed as 370.0000000001
    # must not become 371.
    return math.ceil(round(value, 9))
