"""The quality gate: checks of what was built, the measurements they read off the pages,
PEMAT and reading grades, and how findings are reported."""
