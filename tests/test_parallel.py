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
    done = parallel.run(where, tasks, [3, 1, 2])
    assert [name for name, _ in done] == ["booklet", "fridge-sheet", "pocket-card"]
    assert done[0][1] == PARENT  # the heaviest here
    assert {pid for _, pid in done[1:]} != {PARENT}  # the rest in another process


def test_serial_when_asked():
    done = parallel.run(where, [("a",), ("b",)], [3, 2], serial=True)
    assert {pid for _, pid in done} == {PARENT}


def test_the_environment_switches_are_read_by_the_command_line_into_settings():
    """PUBLISHER_SERIAL, SOURCE_DATE_EPOCH and PUBLISHER_START_METHOD are read once, by the
    command line; the pipeline gets them as arguments."""
    from publisher.pipeline.settings import Settings

    assert Settings.of({}) == Settings(None, False, None)
    env = {
        "PUBLISHER_SERIAL": "1",
        "SOURCE_DATE_EPOCH": " 86400 ",
        "PUBLISHER_START_METHOD": "spawn",
    }
    assert Settings.of(env) == Settings(86400, True, "spawn")
    assert Settings.of({"SOURCE_DATE_EPOCH": "soon"}).epoch is None


def test_nothing_below_the_command_line_reads_the_environment():
    import pathlib

    import publisher

    root = pathlib.Path(publisher.__file__).parent
    readers = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["cli.py"]


def dies_in_a_child(name: str) -> tuple[str, int]:
    if os.getpid() != PARENT:
        os._exit(9)  # killed before it sent anything
    return where(name)


def test_a_child_that_dies_leaves_its_work_to_this_process(monkeypatch):
    monkeypatch.delenv("PUBLISHER_SERIAL", raising=False)
    done = parallel.run(dies_in_a_child, [("a",), ("b",)], [3, 2])
    assert done == [("a", PARENT), ("b", PARENT)]


def fails(name: str) -> str:
    if name == "b":
        raise ValueError("b does not fit")
    return name


def test_a_failure_in_the_child_is_raised_here_as_it_would_be_alone(monkeypatch):
    monkeypatch.delenv("PUBLISHER_SERIAL", raising=False)
    with pytest.raises(ValueError, match="b does not fit"):
        parallel.run(fails, [("a",), ("b",)], [3, 2])
