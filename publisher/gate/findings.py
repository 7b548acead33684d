"""What the quality gate finds: one finding per fact, with its level (error, warning,
info), the output or input file it concerns, and how it is printed or raised."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from publisher.errors import BuildError


@dataclass
class Finding:
    level: str  # error | warning | info
    check: str
    target: str
    where: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    def located(self) -> str:
        """`file:line:col: key: message` for a finding in an input file; for one measured
        in an output, the output's name before the page."""
        measured = not self.where or self.where.startswith(("document", "page"))
        parts = [self.target] if measured else []
        parts += [self.where] if self.where else []
        return ": ".join([*parts, self.message])

    def line(self) -> str:
        return f"{self.level:<7} {self.check:<13} {self.where}: {self.message}"


def enforce(findings: list[Finding], *after: str) -> list[str]:
    """The warnings, one line each; the errors raised as one BuildError (exit 1)."""
    errors = [f.located() for f in findings if f.level == "error"]
    if errors:
        raise BuildError("\n".join([*errors, *after]))
    return [f.located() for f in findings if f.level == "warning"]


def report(findings: list[Finding]) -> str:
    lines = []
    target = None
    for finding in sorted(findings, key=lambda f: f.target):
        if finding.target != target:
            target = finding.target
            lines.append(f"\n{target}")
        lines.append("  " + finding.line())
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    lines.append(f"\n{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines).lstrip("\n")


def as_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [asdict(f) for f in findings]
