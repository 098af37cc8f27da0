"""CrossGuard policy pack entry: `pulumi preview --policy-pack policies` (from the repo root).

The rules are plain Python in `policies/controls/`; this file only wires them into a PolicyPack.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pulumi_policy import PolicyPack  # noqa: E402

from policies.controls.pack import build_policies  # noqa: E402

PolicyPack(
    name="landfall",
    policies=build_policies(),
)
