"""`publisher new`: a starter guide that validates and builds as it is."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from publisher.errors import InputError
from publisher.pipeline.write import write_atomic

STARTER = """\
# yaml-language-server: $schema=../schema/guide.schema.json
id: {id}
title: {title}
subtitle: One line that says what the reader gets
language: en
reviewed: {today}

intro: >-
  One short paragraph that says what this guide is for and who it helps.

sections:
  - id: how-to
    title: What to do
    blocks:
      - paragraph: Plain words, short sentences. Use **bold** for the key words.
      - id: exercises          # any id: the card carries the routine (see Roles)
        steps:
          - short: First step
            cue: One short line for the card.
            figure: strokes-up   # a drawing of the step; see the README for the set
            text: The full instruction, as the booklet prints it.
          - short: Second step
            cue: One short line for the card.
            hold: 20 seconds
            text: The full instruction, as the booklet prints it.
      - id: quick-relief
        title: If it happens
        steps:
          - short: Do this first
            cue: One short line.
            text: The full instruction.

  - id: prevention
    title: How to prevent it
    blocks:
      - id: habits
        habits:
          - short: Drink water steadily
            icon: water
          - short: Stretch every day
            icon: stretch
          - short: Wear supportive shoes
            icon: shoe
      - id: tracker
        tracker:
          title: My week
          rows: [Stretched, Drank enough water]

  - id: see-a-doctor
    title: When to see a doctor
    blocks:
      - id: red-flags
        callout:
          kind: warning
          title: See a doctor if you have
          items:
            - The first red flag
            - The second red flag

disclaimer:
  text: This guide is for information only and does not replace medical advice.
  short: For information only, not medical advice.
"""


def scaffold(guide_id: str, folder: Path) -> Path:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", guide_id):
        raise InputError(
            f"`{guide_id}` is not a usable id: use lower-case letters, digits and hyphens, "
            "like back-pain."
        )
    path = folder / f"{guide_id}.yaml"
    if path.exists():
        raise InputError(f"{path} already exists; pick another id or edit that file.")
    title = guide_id.replace("-", " ").capitalize()
    text = STARTER.format(id=guide_id, title=title, today=dt.date.today().isoformat())
    write_atomic(path, text.encode(), option="--dir")
    return path
