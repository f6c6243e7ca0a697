"""Validated data: the case file (input) and the evaluation result (output)."""
