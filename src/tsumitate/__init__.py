"""tsumitate: evaluate Japanese consumer-debt cases (任意整理・個人再生) on declarative rule sets.

Data flow, one module per step:
    sources (file -> data with line numbers) -> model.case (validated Case)
    -> facts (flat numbers the rules compare) -> engine (durable_rules fires rules)
    -> conclude (fired rules' conclusions -> result) -> output (text / json).
"""

__version__ = "0.1.0"
