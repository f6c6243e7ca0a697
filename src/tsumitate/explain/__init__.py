"""``tsumitate explain``: every decision down to the rule, the parameter and the statute."""
