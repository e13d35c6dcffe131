"""The measures of a queue at a given number of agents, shared by Erlang C and Erlang A."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kezek.engine.queueing._arrays import FloatArray

__all__ = ["QueueMeasures"]


@dataclass(frozen=True, slots=True)
class QueueMeasures:
    """Expected service per interval for a given number of agents (arrays of one shape).

    Service-level definitions (``T`` is ``target_answer_s``):

    * ``service_level``: contacts answered within ``T`` / contacts offered. An
      abandoned contact counts as a failure. This is the Erlang C service level
      and the headline figure everywhere in Kezek.
    * ``service_level_answered``: answered within ``T`` / answered.
    * ``service_level_excluding_short_abandons``: answered within ``T`` /
      (offered - abandoned within ``T``); callers who hang up before ``T`` are
      left out, as many ACD reports do.

    For Erlang C the three coincide (nobody abandons).

    Attributes
    ----------
    agents : numpy.ndarray
        Agents on the phones, as given (may be fractional, see ``interpolated``).
    load_erlangs : numpy.ndarray
        Offered load, contacts x AHT / interval length.
    wait_probability : numpy.ndarray
        Share of contacts that find every agent busy and queue.
    service_level, service_level_answered, service_level_excluding_short_abandons : numpy.ndarray
        See above; fractions in [0, 1].
    asa_s : numpy.ndarray
        Average speed of answer in seconds: the mean wait of *answered*
        contacts, counting those answered at once as 0. ``inf`` when Erlang C
        agents cannot keep up (agents <= load).
    mean_wait_s : numpy.ndarray
        Mean time in queue of *all* offered contacts, abandoned ones until they
        hang up (equals ``asa_s`` for Erlang C).
    occupancy : numpy.ndarray
        Share of agents' time spent handling contacts (carried load / agents).
    abandon_rate : numpy.ndarray
        Share of offered contacts that abandon (0 for Erlang C).
    interpolated : numpy.ndarray of bool
        True where ``agents`` was fractional: every measure there is the linear
        interpolation between the neighbouring whole numbers of agents, not a
        queueing result.
    model : str
        ``"erlang_c"`` or ``"erlang_a"``.
    """

    agents: FloatArray
    load_erlangs: FloatArray
    wait_probability: FloatArray
    service_level: FloatArray
    service_level_answered: FloatArray
    service_level_excluding_short_abandons: FloatArray
    asa_s: FloatArray
    mean_wait_s: FloatArray
    occupancy: FloatArray
    abandon_rate: FloatArray
    interpolated: NDArray[np.bool_]
    model: str
