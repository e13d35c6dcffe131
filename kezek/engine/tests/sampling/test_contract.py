"""The stable engine contract the surveys app calls (issue 7, item 6)."""

from __future__ import annotations

import inspect

import pytest

import kezek.engine.sampling as sampling
from kezek.engine.sampling import nps, sample_size, top_box, wilson_interval

POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize(
    ("function", "parameters"),
    [
        (sample_size, ["population", "confidence", "margin", "p"]),
        (wilson_interval, ["successes", "trials", "confidence"]),
        (nps, ["scores"]),
        (top_box, ["ratings", "scale_max", "boxes"]),
    ],
)
def test_contract_functions_keep_their_positional_parameters(
    function: object, parameters: list[str]
) -> None:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    positional = [p.name for p in signature.parameters.values() if p.kind is POSITIONAL]
    assert positional == parameters


def test_contract_defaults_are_as_documented() -> None:
    assert inspect.signature(sample_size).parameters["confidence"].default == 0.95
    assert inspect.signature(sample_size).parameters["margin"].default == 0.05
    assert inspect.signature(sample_size).parameters["p"].default == 0.5
    assert inspect.signature(wilson_interval).parameters["confidence"].default == 0.95
    assert inspect.signature(top_box).parameters["boxes"].default == 2


def test_contract_reference_values_hold_all_at_once() -> None:
    assert sample_size(10_000) == 370
    assert sample_size(None) == 385
    low, high = wilson_interval(81, 100)
    assert (round(low, 4), round(high, 4)) == (0.7222, 0.8749)
    value, low, high = nps([10] * 100 + [8] * 30 + [3] * 80)
    assert (round(value, 2), round(low, 2), round(high, 2)) == (9.52, -2.93, 21.98)


def test_contract_returns_plain_python_numbers() -> None:
    assert type(sample_size(1_000)) is int
    assert all(type(bound) is float for bound in wilson_interval(3, 7))
    assert all(type(part) is float for part in nps([9, 6, 7]))
    assert type(top_box([1, 5], 5)) is float


def test_everything_exported_exists() -> None:
    for name in sampling.__all__:
        assert hasattr(sampling, name), name
