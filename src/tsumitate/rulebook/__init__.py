"""Rule sets as data: loading, parameters, conditions and their compilation."""
