"""A third labelled corpus: a leak-incident dataset (see tests/redteam2/generator.py)."""
