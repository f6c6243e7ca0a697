"""What durable_rules can build and match: two fixed-size arrays in its C core, modelled here.

Both were found by reading durable_rules 2.0.28's C source (``src/rules/rete.c``, ``events.c``)
and measured with the engine itself (``tests/test_durable_limits.py`` keeps the measurements):

- **error 113** (``ERR_EXPRESSION_LIMIT_EXCEEDED``): a rule's and/or markers live in an array of
  32 (``MAX_SEQUENCE_EXPRESSIONS``); every and/or node with two or more items takes two (its
  start and end), comparisons take none, and the rule is refused when the 32nd is used. So a
  rule may use at most 31 — ``expressions``.
- **error 303** (``ERR_MAX_STACK_SIZE``): matching a message walks the alpha network depth
  first with a stack of 64 (``MAX_STACK_SIZE`` in ``handleAlpha``); a node's matching children
  are all pushed before the first is visited. 64 rules each testing ``capacity ≥ k`` (all true
  for one message) match; 65 fail at assert time with 303 — not when the rules are built, so
  ``rules check``'s scratch build cannot see it. ``stack_height`` bounds the stack from the
  network's shape: identical tests under one parent are one node (durable shares them), an
  "or" ends in one joining node, and of several ``=`` tests of one name at most one matches.

The compiler splits a wave whose rules together could overflow the stack into several durable
rulesets (contiguous in rule order, each sent the same message), and the loader refuses a rule
that alone exceeds either limit, saying which and by how much.
"""

from __future__ import annotations

from ..errors import M, Msg
from . import conditions as cd

MAX_EXPRESSIONS = 31  # and/or markers per rule (durable's array of 32; the 32nd is refused)
MAX_STACK = 64  # alpha nodes pending at once while matching one message
# Comparisons in one rule's ``when`` (each value of an ``in`` list counts). Not durable's limit but
# the compiler's: making a ``not in`` list's branches exclusive costs time quadratic in its
# length (measured: 100 values 15 ms, 200 values 0.4 s, 500 values 33 s), and a rule that needs
# more is better written as a parameter or a fact computed in Python.
MAX_COMPARISONS = 100


class TooLarge(ValueError):
    """A rule durable_rules cannot build or match; the message says which limit and by how much."""

    def __init__(self, rule_id: str, message: Msg):
        self.rule_id = rule_id
        self.msg = message
        super().__init__(message.en)


def check(rule_id: str, tree: cd.Cond) -> None:
    """Raise ``TooLarge`` when one rule's compiled condition alone exceeds a durable limit."""
    used = expressions(tree)
    if used > MAX_EXPRESSIONS:
        raise TooLarge(rule_id, M(f"条件が durable_rules には大きすぎます: and/or が{used}個必要で、1つのルールは{MAX_EXPRESSIONS}個まで"
                                  "（エラー113）です。複数のルールに分けてください",
                                  f"condition too large for durable_rules: it needs {used} and/or markers, "
                                  f"durable allows {MAX_EXPRESSIONS} per rule (error 113); split it into several rules"))
    height = stack_height([tree])
    if height > MAX_STACK:
        raise TooLarge(rule_id, M(f"条件が durable_rules には広すぎます: 最大{height}個の判定が同時に当てはまり得ますが、"
                                  f"照合のスタックは{MAX_STACK}個まで（エラー303）です。複数のルールに分けてください",
                                  f"condition too wide for durable_rules: up to {height} tests could match at once, "
                                  f"durable's matching stack holds {MAX_STACK} (error 303); split it into several rules"))


def expressions(tree: cd.Cond) -> int:
    """and/or markers durable needs for a rule compiled as ``{"$and": [{"stage": s}, tree]}``."""
    if tree == cd.All(()):
        return 0
    return 2 + _count(tree)


def _count(tree: cd.Cond) -> int:
    if isinstance(tree, cd.Cmp):
        return 0
    return (2 if len(tree.items) > 1 else 0) + sum(_count(c) for c in tree.items)


class _Node:
    __slots__ = ("test", "children", "forward", "_height")

    def __init__(self, test=None):
        self.test = test  # ("cmp", name, op, operand) or ("or",) for a joining node
        self.children: dict = {}  # test key -> _Node (shared: durable's findAlpha)
        self.forward: list = []  # joining nodes reached unconditionally (the end of an "or" branch)
        self._height = None


def _attach(parent: _Node, tree: cd.Cond) -> _Node:
    if isinstance(tree, cd.Cmp):
        key = ("cmp", tree.name, tree.op, tree.operand)
        node = parent.children.get(key)
        if node is None:
            node = parent.children[key] = _Node(key)
        return node
    if isinstance(tree, cd.All):
        for item in tree.items:
            parent = _attach(parent, item)
        return parent
    if len(tree.items) == 1:
        return _attach(parent, tree.items[0])
    join = _Node(("or",))
    for item in tree.items:
        _attach(parent, item).forward.append(join)
    return join


class Network:
    """The alpha network of one durable ruleset (one wave, or part of one), built rule by rule."""

    def __init__(self):
        self.root = _Node()
        self.stage = _Node(("cmp", "stage", "eq", "*"))
        self.root.children["stage"] = self.stage

    def add(self, tree: cd.Cond) -> None:
        if tree != cd.All(()):
            _attach(self.stage, tree)

    def height(self) -> int:
        """An upper bound of durable's matching stack for any message (see the module docstring)."""
        _reset(self.root, set())
        return _height(self.root)  # the root is popped before anything is pushed


def _reset(root: _Node, seen: set) -> None:
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node._height = None
        todo.extend(node.children.values())
        todo.extend(node.forward)


def _literal_eq(node: _Node) -> bool:
    return node.test[2] == "eq" and not isinstance(node.test[3], cd.Ref)


def _height(root: _Node) -> int:
    """Stack growth while one popped node's subtree is matched: its matching children are pushed
    together, then each is visited while the others wait (worst order assumed). Iterative: a
    ``not in`` list of hundreds of values is a chain that deep."""
    todo = [(root, False)]
    while todo:
        node, ready = todo.pop()
        if node._height is not None:
            continue
        kids = list(node.children.values()) + node.forward
        if not ready:
            todo.append((node, True))
            todo.extend((k, False) for k in kids if k._height is None)
            continue
        # of several "x = value" tests of one name at most one matches; everything else may
        equal_names = {c.test[1] for c in node.children.values() if _literal_eq(c)}
        others = sum(1 for c in node.children.values() if not _literal_eq(c))
        pushed = len(equal_names) + others + len(node.forward)
        deepest = max((k._height for k in kids), default=0)
        node._height = max(pushed, (pushed - 1) + deepest) if kids else 0
    return root._height


def stack_height(trees) -> int:
    net = Network()
    for tree in trees:
        net.add(tree)
    return net.height()
