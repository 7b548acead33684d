"""Mutated guides, brand files and recipient lists through the real CLI: no traceback,
exit 0/1/2, no empty boxes in a written PDF, duplicate keys never build (the rules are in
tests/fuzzing.py; benchmarks/fuzz.py runs thousands of cases and counts)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import run_case

pytestmark = pytest.mark.slow  # `pytest -m "not slow"` leaves the long fuzzing out

EXAMPLES = {"guide": 150, "brand": 100, "csv": 50}


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_mutated_inputs_keep_every_rule(kind, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"fuzz-{kind}")

    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        derandomize=True,  # the same cases on every machine: CI never flakes
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(seed=st.integers(min_value=0, max_value=2**31))
    def check(seed):
        outcome = run_case(kind, seed, folder)
        assert not outcome.broken, (kind, seed, outcome.broken)

    check()
