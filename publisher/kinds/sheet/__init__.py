"""The fridge-door prevention sheet."""
