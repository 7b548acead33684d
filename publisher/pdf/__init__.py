"""Post-passes on finished PDFs: bleed, imposition, stamping a brand, tagging. pikepdf is
loaded here, once, with Ctrl-C held until it is: a KeyboardInterrupt raised inside its
C++ module's loading aborts the process (SIGABRT) instead of stopping it."""

from publisher.errors import held_interrupt

with held_interrupt():
    import pikepdf  # noqa: F401
