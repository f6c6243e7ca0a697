"""A validated case written back as a YAML case file: the file ``tsumitate evaluate`` reads.

Only what was given is written (defaults stay implicit, as a lawyer would write the file), in
the model's key order; dates are YAML dates, amounts plain integers, Japanese kept readable.
"""

from __future__ import annotations

from enum import Enum

import yaml

from ..model.case import Case


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_multi_representer(Enum, lambda d, v: d.represent_str(v.value))


def render_case_yaml(case: Case) -> str:
    data = case.model_dump(mode="python", exclude_unset=True)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
