"""Which stacks a change can affect, and the GitHub Actions matrices that fan them out.

`python -m landfall stacks [--only baselines] [--base REF] [--json]` feeds the workflows:

- deploy and drift take every stack (`--only baselines` for the deploy's baseline fan-out);
- the pull-request workflow takes `--base origin/main`: only the stacks the changed files can affect.

How a change is mapped to stacks (first matching rule per changed path, union over paths):

| changed path | stacks |
| --- | --- |
| `Pulumi.management.yaml`, program code (`components/`, `landfall/`, `__main__.py`), `policies/`, `Pulumi.yaml`, `requirements.txt` | all: the organization, governed regions and shared code reach every stack |
| `templates/baseline.yaml` | every `baseline-<key>` stack (generated or overridden) |
| `Pulumi.network.yaml` | network and every workload stack (they read the hub's view through the network stack file) |
| `Pulumi.<stack>.yaml` (any other) | that stack |
| `services/**` | the workload stacks (they deploy the services) |
| docs, tests, workflows, `README.md`, `.ci/`, `schema/` | none (the test job covers them) |
| anything else | all (an unclassified file cannot be ruled out) |

On top of that, a baseline stack is affected when its account's row (`python -m landfall accounts`: id, OU,
owning stack, regions) differs between the base and the head, because ownership moves when a stack file starts
or stops baselining an account. Only stacks that exist at the head are listed: a stack removed by the change is
reported separately (it needs `pulumi destroy`, which no workflow runs on its own).

The real `pulumi preview` skips the baseline stack of an account the change itself adds and the management
stack has not created yet: its id only exists after the management deploy (the offline checks still run).

GitHub allows 256 jobs per matrix, and an organization may have more accounts, so stacks are packed into at most
`shards` jobs: the five file stacks one per job (they are the heavy ones), baseline stacks in equal chunks.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Iterable, Optional

from landfall.config.baseline_stack import account_key_of
from landfall.config.errors import ConfigError
from landfall.config.loader import read_stack_file

from .accounts import account_rows
from .synth import ROOT, stack_names

# Most jobs one matrix may run at once in the deploy: bounded parallelism keeps AWS API throttling and the
# runner pool in check; GitHub's own limit is 256 jobs per matrix.
DEFAULT_SHARDS = 20
GITHUB_MATRIX_LIMIT = 256

ALL = "all"
BASELINES = "baselines"
WORKLOADS = "workloads"
NETWORK_AND_WORKLOADS = "network and workloads"
NONE = "none"

_CODE = ("components/", "landfall/", "policies/")
_CODE_FILES = ("__main__.py", "Pulumi.yaml", "requirements.txt", "Pulumi.management.yaml")
_NO_STACK = ("docs/", "tests/", ".github/", ".ci/", "schema/")
_NO_STACK_FILES = ("README.md", ".gitignore", "ruff.toml", "pytest.ini", "Makefile")


def rule_for(path: str) -> str:
    """The rule a changed path falls under: ALL, BASELINES, WORKLOADS, NETWORK_AND_WORKLOADS, NONE, or a stack name."""
    if path in _CODE_FILES or path.startswith(_CODE):
        return ALL
    if path == "templates/baseline.yaml":
        return BASELINES
    if path == "Pulumi.network.yaml":
        return NETWORK_AND_WORKLOADS
    if path.startswith("Pulumi.") and path.endswith(".yaml") and "/" not in path:
        return path[len("Pulumi."):-len(".yaml")]
    if path.startswith("services/"):
        return WORKLOADS
    if path in _NO_STACK_FILES or path.startswith(_NO_STACK) or path.endswith(".md"):
        return NONE
    return ALL


@dataclass(frozen=True)
class StackSet:
    """Every stack at one revision: file stacks with their kind, and the baseline stacks the accounts imply."""

    kinds: dict[str, str]  # stack -> management | network | workload | baseline
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # account key -> accounts row

    @property
    def names(self) -> list[str]:
        return order(self.kinds)

    def of_kind(self, *kinds: str) -> list[str]:
        return [s for s in self.names if self.kinds[s] in kinds]


def stack_set(project_dir: Path | str = ROOT) -> StackSet:
    project_dir = Path(project_dir)
    try:
        rows = {r["key"]: r for r in account_rows(project_dir)}
    except ConfigError:
        rows = {}  # no valid management file: only the file stacks exist
    kinds = {}
    for name in stack_names(project_dir):
        if account_key_of(name) is not None:
            kinds[name] = "baseline"
            continue
        try:
            kind = (read_stack_file(name, project_dir).get("landfall:stack") or {}).get("kind")
        except ConfigError:
            kind = None
        kinds[name] = str(kind or "workload")
    for row in rows.values():
        owner = row.get("baseline_stack")
        if owner and account_key_of(owner) is not None:
            kinds[owner] = "baseline"
    return StackSet(kinds, rows)


_KIND_ORDER = {"management": 0, "baseline": 1, "network": 2, "workload": 3}
_WORKLOAD_ORDER = {"dev": 0, "staging": 1, "prod": 2}


def order(kinds: dict[str, str]) -> list[str]:
    """Deploy order: management, the baselines, network, then workloads dev, staging, prod (others by name)."""
    return sorted(kinds, key=lambda s: (_KIND_ORDER.get(kinds[s], 3), _WORKLOAD_ORDER.get(s, 9), s))


@dataclass
class Affected:
    stacks: dict[str, list[str]]  # stack -> why it is affected
    removed: list[str]
    offline_only: dict[str, str]  # stack -> why the real preview skips it

    @property
    def previewed(self) -> list[str]:
        return [s for s in self.stacks if s not in self.offline_only]


def affected(changed: Iterable[str], head: StackSet, base: Optional[StackSet]) -> Affected:
    """The stacks of `head` that `changed` paths can affect, given the stacks at the base (None: no base)."""
    reasons: dict[str, list[str]] = {}

    def add(stacks: Iterable[str], why: str) -> None:
        for s in stacks:
            reasons.setdefault(s, []).append(why)

    for path in sorted(set(changed)):
        rule = rule_for(path)
        if rule == ALL:
            add(head.names, path)
        elif rule == BASELINES:
            add(head.of_kind("baseline"), path)
        elif rule == WORKLOADS:
            add(head.of_kind("workload"), path)
        elif rule == NETWORK_AND_WORKLOADS:
            add(head.of_kind("network", "workload"), path)
        elif rule != NONE and rule in head.kinds:
            add([rule], path)
    base_rows = base.rows if base is not None else {}
    for key, row in head.rows.items():
        before = base_rows.get(key)
        owner = row.get("baseline_stack")
        if owner in head.kinds and _row_state(before) != _row_state(row):
            add([owner], f"account {key}: " + ("new" if before is None else "row changed"))
        if before is not None and before.get("baseline_stack") != owner and before.get("baseline_stack") in head.kinds:
            add([before["baseline_stack"]], f"account {key}: no longer baselined here")
    removed = sorted(set(base.kinds) - set(head.kinds)) if base is not None else []
    offline_only = {
        row["baseline_stack"]: f"account {key} is created by the management deploy; its id does not exist yet"
        for key, row in head.rows.items()
        if row.get("pending") and key not in base_rows and row.get("baseline_stack") in reasons
        and account_key_of(row["baseline_stack"]) is not None
    }
    ordered = {s: reasons[s] for s in order({s: head.kinds[s] for s in reasons})}
    return Affected(ordered, removed, offline_only)


def _row_state(row: Optional[dict[str, Any]]) -> Optional[tuple]:
    if row is None:
        return None
    return (row.get("id"), row.get("ou"), row.get("baseline_stack"), tuple(row.get("regions") or ()))


def shards(stacks: list[str], kinds: dict[str, str], max_jobs: int = DEFAULT_SHARDS) -> list[dict[str, str]]:
    """Matrix entries {"name", "stacks"}: each file stack its own job, baseline stacks in equal chunks, at most
    `max_jobs` jobs (never fewer than the file stacks need)."""
    if not 1 <= max_jobs <= GITHUB_MATRIX_LIMIT:
        raise ValueError(f"max_jobs must be between 1 and {GITHUB_MATRIX_LIMIT}, got {max_jobs}")
    singles = [s for s in stacks if kinds.get(s) != "baseline"]
    baselines = [s for s in stacks if kinds.get(s) == "baseline"]
    entries = [{"name": s, "stacks": s} for s in singles]
    if baselines:
        jobs = max(1, min(len(baselines), max_jobs - len(singles)))
        size = -(-len(baselines) // jobs)
        chunks = [baselines[i:i + size] for i in range(0, len(baselines), size)]
        for n, chunk in enumerate(chunks, 1):
            name = chunk[0] if len(chunk) == 1 else f"baselines {n} of {len(chunks)}"
            entries.append({"name": name, "stacks": " ".join(chunk)})
    return entries


def matrix(entries: list[dict[str, str]]) -> dict[str, Any]:
    """A GitHub matrix (`include` only: every other key would become a matrix dimension). An empty matrix is an
    error in GitHub, so the workflows skip the job when the `count` output is 0."""
    return {"include": entries}


def changed_files(base_ref: str, repo: Path = ROOT) -> list[str]:
    """Paths changed between the merge base of `base_ref` and the working tree (committed or not)."""
    merge_base = _git(["merge-base", base_ref, "HEAD"], repo).strip()
    tracked = _git(["diff", "--name-only", merge_base], repo).splitlines()
    untracked = _git(["ls-files", "--others", "--exclude-standard"], repo).splitlines()
    return sorted({p for p in tracked + untracked if p})


def stack_set_at(ref: str, repo: Path = ROOT) -> StackSet:
    """The stacks at git revision `ref`, judged from its files exported with `git archive`."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=repo, capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="landfall-base-") as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return stack_set(tmp)


def _git(args: list[str], repo: Path) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def render(result: Affected, base_ref: str) -> str:
    if not result.stacks:
        lines = [f"No stack is affected by the changes against {base_ref}."]
    else:
        lines = [f"{len(result.stacks)} stacks affected by the changes against {base_ref}:"]
        width = max(len(s) for s in result.stacks)
        for stack, why in result.stacks.items():
            shown = ", ".join(why[:3]) + (f" and {len(why) - 3} more" if len(why) > 3 else "")
            lines.append(f"  {stack.ljust(width)}  {shown}")
    for stack, why in result.offline_only.items():
        lines.append(f"offline checks only for {stack}: {why}")
    for stack in result.removed:
        lines.append(f"removed: {stack} (run `pulumi destroy` on it by hand once its resources should go)")
    return "\n".join(lines)
