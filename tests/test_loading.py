"""Loading guides: every broken input gives its exact error lines, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.errors import BuildError, InputError, UserError
from publisher.inputs.find import load_all
from publisher.inputs.loading import parse_yaml
from publisher.model.load import load_guide
from publisher.model.vocabulary import ICONS
from tests.conftest import FIXTURES, GUIDE, ROOT

BROKEN = sorted(p.stem for p in (FIXTURES / "guides").glob("*.expected"))


@pytest.mark.parametrize("name", BROKEN)
def test_broken_guide_gives_expected_lines(name, monkeypatch):
    monkeypatch.chdir(FIXTURES / "guides")
    expected = Path(f"{name}.expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(UserError) as caught:
        load_all([Path(f"{name}.yaml")], {})
    assert str(caught.value.format_message()).splitlines() == expected


def test_missing_glyph_is_a_build_error_not_input_error(monkeypatch):
    monkeypatch.chdir(FIXTURES / "guides")
    with pytest.raises(BuildError):
        load_all([Path("emoji.yaml")], {})


def test_all_problems_reported_in_one_pass(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    text = text.replace("reviewed: 2026-11-25", "reviewed: soon")
    text = text.replace("title: What Causes Calf Cramps?", "titel: What Causes Calf Cramps?")
    text = text.replace("kind: warning", "kind: danger")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_guide(path)
    lines = caught.value.format_message().splitlines()
    assert len(lines) == 3, lines
    assert any("reviewed: expected a date" in line for line in lines)
    assert any("unknown key `titel`. Did you mean `title`?" in line for line in lines)
    said = "expected one of 'tip', 'note', 'caution' or 'warning'; got 'danger'"
    assert any(said in line for line in lines)
    assert all(line.startswith(str(path)) or line.startswith("many.yaml") for line in lines)


def test_duplicate_ids_point_at_the_second_one(tmp_path):
    text = GUIDE.read_text(encoding="utf-8").replace("id: quick-relief", "id: massage-steps")
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_guide(path)
    (line,) = caught.value.format_message().splitlines()
    wanted = text.splitlines().index("      - id: massage-steps", 80) + 1
    assert f":{wanted}:" in line and "already used on line" in line


def test_guide_without_red_flags_is_refused(tmp_path):
    text = GUIDE.read_text(encoding="utf-8").replace("kind: warning", "kind: note")
    path = tmp_path / "no-flags.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="no red flags"):
        load_guide(path)


def test_shipped_guide_loads_with_every_article_section():
    guide = load_guide(GUIDE).model
    titles = [s.title for s in guide.sections]
    assert titles[0] == "What Causes Calf Cramps?" and titles[-1] == "Conclusion"
    assert len(guide.block("massage-steps").steps) == 5
    assert len([q for _, b in guide.blocks() if hasattr(b, "faq") for q in b.faq]) == 8


def test_icon_names_match_the_drawn_icons():
    from publisher.draw.icons import ICONS as DRAWN

    assert set(ICONS) == set(DRAWN)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_either_loads_or_fails_cleanly(text):
    try:
        parse_yaml(text, Path("fuzz.yaml"))
    except InputError as exc:
        assert all(str(p).startswith("fuzz.yaml") for p in exc.problems)


@settings(max_examples=150, deadline=None)
@given(value=yaml_values)
def test_any_yaml_document_validates_or_fails_with_located_lines(value, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "guide.yaml"
    path.write_text(yaml.safe_dump({"id": "x", "sections": value}), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_guide(path)
    for problem in caught.value.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


def test_file_over_1_mib_is_refused_before_parsing(tmp_path, monkeypatch):
    """Generated here rather than committed: a 2 MiB fixture would bloat the repository."""
    monkeypatch.chdir(tmp_path)
    Path("too-big.yaml").write_text("id: too-big\n" + ("# " + "x" * 98 + "\n") * 21000)
    with pytest.raises(InputError) as caught:
        load_all([Path("too-big.yaml")], {})
    assert caught.value.format_message() == (
        "too-big.yaml:1:1: the file is larger than 1 MiB, the limit; "
        "split it or remove pasted binary data."
    )


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [("        role: quick-relief", "        role: quick-releif",
      "sections.0.blocks.0.role: expected one of 'routine', 'quick-relief', 'habits', "
      "'red-flags', 'emergency', 'tracker' or 'cautions'; got 'quick-releif'. Did you mean "
      "`quick-relief`?"),
     ("          urgency: emergency", "          urgency: emergncy",
      "callout.urgency: expected one of 'emergency'; got 'emergncy'. Did you mean `emergency`?"),
     ("            side: each\n            per_day: 3",
      "            side: eech\n            per_day: 3",
      "steps.0.side: expected one of 'each', 'left' or 'right'; got 'eech'. Did you mean `each`?")],
)  # fmt: skip
def test_a_misspelt_role_urgency_or_side_points_at_its_own_key_with_a_hint(
    tmp_path, old, new, said
):
    """A block's own keys (`role:`) sit beside its kind's key (`steps:`): the message names
    the key that is wrong, at its line, and the nearest allowed value."""
    text = (ROOT / "tests" / "corpus" / "ankle-sprain.yaml").read_text(encoding="utf-8")
    assert old in text
    guide = tmp_path / "ankle.yaml"
    guide.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_guide(guide)
    [problem] = caught.value.problems
    line = next(n for n, row in enumerate(text.replace(old, new, 1).splitlines(), 1)
                if new.split("\n")[0] == row)  # fmt: skip
    assert problem.line == line and str(problem).endswith(said), str(problem)


@pytest.mark.parametrize(("old", "new", "said"), [
    ("      - id: gentle-pressure\n        callout:\n          kind: caution ",
     "      - id: gentle-pressure\n        role: cautions\n        callout:\n          kind: note ",
     "`role: cautions` is for a callout with `kind: caution`; this one is `kind: note`"),
    ("      - id: quick-relief\n", "      - id: quick-relief\n        role: habits\n",
     "`role: habits` is for a habits block; this block has no `habits:`"),
])  # fmt: skip
def test_a_role_on_the_wrong_kind_of_block_is_refused_not_ignored(tmp_path, old, new, said):
    """A role the block cannot play was ignored without a word (the layout then took the
    default block): now it is one line at the block, exit status 2, nothing written."""
    from click.testing import CliRunner

    from publisher.cli import main

    text = GUIDE.read_text(encoding="utf-8")
    assert old in text
    guide = tmp_path / "calf-cramp-massage.yaml"
    guide.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(guide), "-o", str(tmp_path / "out")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and said in lines[0], result.output
    line = int(lines[0].split(":")[1])  # the block's own lines, just after its role
    near = text.replace(old, new, 1).splitlines()[line - 4 : line - 1]
    assert new.splitlines()[1] in near, (line, near)
    assert not (tmp_path / "out").exists()
