"""The words of the interface, per language."""
