"""Languages as data: one YAML file per language in this folder (en.yaml, es.yaml), each
validated by `Language` with every key required, so a missing word is an error when the
files load, never a KeyError in the middle of a build. A guide in a language without a
file prints English words around its own.

Adding a language: copy en.yaml to <code>.yaml (the code pyphen and the guide's
`language:` use, such as `fr`), translate every value, name its reading formula, and run
the tests (tests/test_words.py loads every file)."""

from __future__ import annotations

import functools
from pathlib import Path

HERE = Path(__file__).parent


@functools.cache
def languages() -> dict[str, dict]:
    """Every language file, validated, as plain tables keyed by language code."""
    import yaml

    from publisher.i18n.model import Language

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = {}
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        table = Language.model_validate(data).model_dump(by_alias=True)
        if table["language"] != path.stem:
            raise ValueError(f"{path.name}: `language: {table['language']}` is not its name")
        found[path.stem] = table
    return found


def code(language: str) -> str:
    """en_GB, en-US → en."""
    return language.split("_")[0].split("-")[0].lower()
