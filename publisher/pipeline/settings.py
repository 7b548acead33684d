"""The switches a run takes from its environment, read by the command line alone (a leaf,
so a skipped build stays light)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """What the environment asks of a run, read by the command line alone and handed down:
    a fixed creation date (SOURCE_DATE_EPOCH), one process (PUBLISHER_SERIAL=1), and how
    batch workers start (PUBLISHER_START_METHOD)."""

    epoch: int | None = None
    serial: bool = False
    start_method: str | None = None

    @classmethod
    def of(cls, env) -> Settings:
        epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
        return cls(int(epoch) if epoch.isdigit() else None, env.get("PUBLISHER_SERIAL") == "1",
                   env.get("PUBLISHER_START_METHOD") or None)  # fmt: skip


DEFAULT = Settings()  # nothing asked: parallel where safe, dates from the guide
