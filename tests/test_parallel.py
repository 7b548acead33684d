"""The second core (parallel.py): a forked child really renders its part, results come
back in the tasks' order, and a child that dies or fails leaves the work to this
process, with the same result or the same error."""

from __future__ import annotations

import os
import sys

import pytest

from publisher.pipeline import parallel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")
PARENT = os.getpid()


def where(name: str) -> tuple[str, int]:
    return name, os.getpid()


def test_the_lighter_part_is_rendered_in_a_child_and_comes_back_in_order(monkeypatch):
    monkeypatch.delenv("PUBLISHER_SERIAL", raising=False)
    tasks = [("booklet",), ("fridge-sheet",), ("pocket-card",)]
    done = parallel.run(where, tasks, ["booklet", "sheet", "card"])
    assert [name for name, _ in done] == ["booklet", "fridge-sheet", "pocket-card"]
    assert done[0][1] == PARENT  # the heaviest here
    assert {pid for _, pid in done[1:]} != {PARENT}  # the rest in another process


def test_serial_when_asked(monkeypatch):
    monkeypatch.setenv("PUBLISHER_SERIAL", "1")
    done = parallel.run(where, [("a",), ("b",)], ["booklet", "card"])
    assert {pid for _, pid in done} == {PARENT}


def dies_in_a_child(name: str) -> tuple[str, int]:
    if os.getpid() != PARENT:
        os._exit(9)  # killed before it sent anything
    return where(name)


def test_a_child_that_dies_leaves_its_work_to_this_process(monkeypatch):
    monkeypatch.delenv("PUBLISHER_SERIAL", raising=False)
    done = parallel.run(dies_in_a_child, [("a",), ("b",)], ["booklet", "card"])
    assert done == [("a", PARENT), ("b", PARENT)]


def fails(name: str) -> str:
    if name == "b":
        raise ValueError("b does not fit")
    return name


def test_a_failure_in_the_child_is_raised_here_as_it_would_be_alone(monkeypatch):
    monkeypatch.delenv("PUBLISHER_SERIAL", raising=False)
    with pytest.raises(ValueError, match="b does not fit"):
        parallel.run(fails, [("a",), ("b",)], ["booklet", "card"])
