"""Generator: filled in by its feature (see coaching/ai/generation.py)."""
