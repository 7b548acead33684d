"""The commands a user runs (build, watch, validate, check, email, proof, new): each
parses nothing itself and calls the same pipeline."""
