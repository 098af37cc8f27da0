"""`make bench`, organization scale: the offline tools on a 300-account organization (8 OUs, 3 governed regions).

A scratch project gets the real program and stack files, with Pulumi.management.yaml's organization grown to
`ACCOUNTS` accounts (the existing ones kept, synthetic ones added round-robin over the OUs that can hold a
baseline) in `OUS` OUs, governing `REGIONS`. The CLI is pointed at it through LANDFALL_PROJECT_DIR and each
case runs as its own subprocess (wall time, and the peak RSS of that process alone, see PEAK_RSS_PROBE):

  management preview        `python -m landfall preview management --json`   target <= 5 s, 3 AWS providers
  accounts --json           the deploy workflow's baseline matrix            (no target: must exit 0)
  baseline-<key> previews   a spread sample of the generated stacks          target <= 2 s, 1 AWS provider
  workload preview          `dev` under the large organization               2 AWS providers

Providers are counted from each preview's JSON inventory, never assumed. The table reports pass/fail against
the targets; the exit code is 1 only when a command fails or a stack has the wrong number of providers (timings
on a shared 2-core machine are noisy, so they are reported, not enforced). Run: `python -m landfall.offline.scale_bench`.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import yaml

ACCOUNTS = 300  # every account of the organization, the management account included
OUS = 8
REGIONS = ("eu-west-1", "eu-central-1", "eu-north-1")  # the home region (the management stack's) first
SAMPLE = 5  # generated baseline stacks previewed
REPEAT = 3  # runs per case; the median wall time and the highest peak RSS are reported
MANAGEMENT_TARGET_S = 5.0
BASELINE_TARGET_S = 2.0
WORKLOAD_STACK = "dev"

# The repository holding the landfall package: the subprocesses import it from here, whichever project they read.
REPOSITORY = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("__main__.py", "Pulumi.yaml")
PROJECT_DIRS = ("templates",)
MANAGEMENT_FILE = "Pulumi.management.yaml"
SYNTHETIC_ID_BASE = 900_000_000_000  # far from the example ids (111111111111 ... 777777777777)
EXTRA_OU_PARENT = "Workloads"  # new OUs sit beside Prod and NonProd and get their SCPs
QUARANTINE_SCP = "deny-all"  # an OU with it attached (Suspended) cannot hold a deployable baseline
AWS_PROVIDER_TYPE = "pulumi:providers:aws"
CONFIG_BUCKET_POLICY_MAX_BYTES = 20_480


# --- the synthetic organization -------------------------------------------------------------------------


def ou_paths(ous: dict[str, Any], parent: str = "") -> list[str]:
    """Every OU path of a raw `ous` tree, parents first (`Workloads`, `Workloads/Prod`, ...)."""
    out = []
    for key, ou in ous.items():
        path = f"{parent}/{key}" if parent else key
        out += [path, *ou_paths((ou or {}).get("children") or {}, path)]
    return out


def _ou_node(ous: dict[str, Any], path: str) -> dict[str, Any]:
    node: dict[str, Any] = {"children": ous}
    for key in path.split("/"):
        node = node["children"][key]
    return node


def add_ous(organization: dict[str, Any], total: int) -> None:
    """Add OUs under EXTRA_OU_PARENT until the tree has `total`; each gets the SCPs its first sibling has."""
    ous = organization["ous"]
    if len(ou_paths(ous)) >= total:
        return
    parent = _ou_node(ous, EXTRA_OU_PARENT)
    children = parent.setdefault("children", {})
    scps = organization.setdefault("scps", {})
    sibling_scps = scps.get(f"{EXTRA_OU_PARENT}/{next(iter(children))}", []) if children else []
    number = 1
    while len(ou_paths(ous)) < total:
        key = f"Scale{number:02d}"
        number += 1
        if key in children:
            continue
        children[key] = {}
        if sibling_scps:
            scps[f"{EXTRA_OU_PARENT}/{key}"] = list(sibling_scps)


def baseline_ous(organization: dict[str, Any]) -> list[str]:
    """Leaf OUs an account can be baselined in: not the quarantine OU, whose SCP denies the deploy role too."""
    paths = ou_paths(organization["ous"])
    leaves = [p for p in paths if not any(q.startswith(f"{p}/") for q in paths)]
    scps = organization.get("scps") or {}
    return [p for p in leaves if QUARANTINE_SCP not in (scps.get(p) or [])]


def _synthetic_ids(taken: set[str]) -> Iterator[str]:
    number = SYNTHETIC_ID_BASE
    while True:
        number += 1
        candidate = f"{number:012d}"
        if candidate not in taken:
            yield candidate


def add_accounts(organization: dict[str, Any], total_members: int) -> None:
    """Add member accounts (adopted: key, id, email) round-robin over the baseline OUs up to `total_members`."""
    accounts = organization.setdefault("accounts", {})
    homes = baseline_ous(organization)
    ids = _synthetic_ids({a["id"] for a in accounts.values() if a.get("id")})
    count = {path: 0 for path in homes}
    i = 0
    while len(accounts) < total_members:
        ou = homes[i % len(homes)]
        i += 1
        count[ou] += 1
        key = f"{ou.rsplit('/', 1)[-1].lower()}-{count[ou]:03d}"
        if key in accounts:
            continue
        accounts[key] = {"ou": ou, "id": next(ids), "email": f"aws+{key}@example.com"}


def set_regions(organization: dict[str, Any], regions: Sequence[str]) -> None:
    """The SCP allow-list and the governed regions are the same list (an allowed region left ungoverned is an error)."""
    organization.setdefault("scp_parameters", {})["allowed_regions"] = list(regions)
    if "governed_regions" in organization:
        organization["governed_regions"] = list(regions)


def synthetic_management_config(config: dict[str, Any], accounts: int = ACCOUNTS, ous: int = OUS,
                                regions: Sequence[str] = REGIONS) -> dict[str, Any]:
    """The management stack's `config` mapping with its organization grown to `accounts` accounts (the
    management account counts: it is no member) in `ous` OUs, governing `regions`. The input is not changed."""
    out = copy.deepcopy(config)
    if out["landfall:stack"]["region"] != regions[0]:
        raise ValueError(f"the first region must be the management stack's home region {out['landfall:stack']['region']}")
    organization = out["landfall:organization"]
    add_ous(organization, ous)
    add_accounts(organization, accounts - 1)
    set_regions(organization, regions)
    return out


def write_scale_project(dest: Path, source: Path = REPOSITORY, **sizes: Any) -> Path:
    """A project directory at `dest`: the program, template and stack files of `source`, the management
    stack file replaced by the synthetic organization (see synthetic_management_config for `sizes`)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy(source / name, dest / name)
    for name in PROJECT_DIRS:
        shutil.copytree(source / name, dest / name, dirs_exist_ok=True)
    for stack_file in source.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, dest / stack_file.name)
    config = yaml.safe_load((source / MANAGEMENT_FILE).read_text())["config"]
    synthetic = synthetic_management_config(config, **sizes)
    (dest / MANAGEMENT_FILE).write_text(yaml.safe_dump({"config": synthetic}, sort_keys=False))
    return dest


# --- running and measuring one case ---------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall_s: float
    peak_rss_mb: float  # this process's own peak (VmHWM of its own address space), not its parent's
    exit_code: int
    stdout: str
    stderr: str


# Why not getrusage/wait4: Linux carries the parent's high-water mark into a forked child through exec
# (ru_maxrss is the maximum over every address space the process had), so a child started by a 250 MB
# pytest reports at least 250 MB. Python commands therefore run under this probe, which records VmHWM, the
# peak of the address space exec gave it, when it exits.
PEAK_RSS_PROBE = """\
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    with open(os.environ["LANDFALL_PEAK_RSS_FILE"], "w") as out:
        out.write(str(kib))
atexit.register(_peak)
mode, target = sys.argv[1], sys.argv[2]
sys.argv = [target, *sys.argv[3:]]
if mode == "-m":
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
"""


def run_measured(argv: Sequence[str], env: Optional[dict[str, str]] = None, cwd: Path = REPOSITORY) -> Run:
    """Run a Python command (`python -m mod ...` or `python -c code ...`) to completion as one subprocess under
    the peak-RSS probe; its output goes to files, so a large JSON cannot block a pipe."""
    if len(argv) < 3 or argv[1] not in ("-m", "-c"):
        raise ValueError(f"run_measured runs `python -m module` or `python -c code`, got {list(argv)[:2]}")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        child_env = {**(env if env is not None else os.environ), "LANDFALL_PEAK_RSS_FILE": peak.name}
        start = time.perf_counter()
        process = subprocess.run([argv[0], "-c", PEAK_RSS_PROBE, *argv[1:]], stdout=out, stderr=err, cwd=cwd,
                                 env=child_env, check=False)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        kib = peak.read().strip()
        return Run(wall, int(kib) / 1024 if kib else float("nan"), process.returncode,
                   out.read().decode(), err.read().decode())


def aws_provider_processes(preview: dict[str, Any]) -> int:
    """AWS provider plugin processes the real engine starts for a previewed stack (`preview --json`): one per
    explicit provider, plus one for the default provider if any AWS resource falls back to it."""
    resources = preview["resources"]
    explicit = sum(1 for r in resources if r["type"] == AWS_PROVIDER_TYPE)
    default = any(r["custom"] and r["type"].startswith("aws:") and not r["provider"] for r in resources)
    return explicit + int(default)


@dataclass(frozen=True)
class Case:
    label: str
    args: tuple[str, ...]  # after `python -m landfall`
    target_s: Optional[float] = None
    providers: Optional[int] = None  # expected AWS providers; None: not a stack preview

    @property
    def is_preview(self) -> bool:
        return self.args[0] == "preview"


@dataclass(frozen=True)
class Measurement:
    case: Case
    wall_s: float  # median over the runs
    peak_rss_mb: float  # highest over the runs
    exit_code: int  # the first non-zero one, else 0
    providers: Optional[int] = None
    stderr: str = ""

    @property
    def time_ok(self) -> bool:
        return self.case.target_s is None or self.wall_s <= self.case.target_s

    @property
    def shape_ok(self) -> bool:
        """Ran cleanly and, for a preview, with the expected providers: the part the exit code enforces."""
        return self.exit_code == 0 and (self.case.providers is None or self.providers == self.case.providers)

    @property
    def passed(self) -> bool:
        return self.shape_ok and self.time_ok


def measure(case: Case, env: dict[str, str], repeat: int = REPEAT) -> tuple[Measurement, Run]:
    """Run the case `repeat` times; the last run is returned too (its output: the inventory, the rows)."""
    runs = [run_measured([sys.executable, "-m", "landfall", *case.args], env) for _ in range(repeat)]
    failed = next((r for r in runs if r.exit_code != 0), None)
    last = runs[-1]
    providers = aws_provider_processes(json.loads(last.stdout)) if case.is_preview and failed is None else None
    return Measurement(case, statistics.median(r.wall_s for r in runs), max(r.peak_rss_mb for r in runs),
                       failed.exit_code if failed else 0, providers, failed.stderr if failed else ""), last


# --- what the cases cover -------------------------------------------------------------------------------


def sample_baseline_stacks(rows: list[dict[str, Any]], size: int = SAMPLE) -> list[str]:
    """Evenly spread generated baseline stacks of adopted accounts. A pending account's stack is left out:
    offline it synthesizes the whole management stack to read the new id, which the real engine reads from
    the state backend, so its time would measure the management stack twice."""
    stacks = [r["baseline_stack"] for r in rows if r["generated"] and not r["pending"]]
    if len(stacks) <= size:
        return stacks
    step = len(stacks) / size
    return [stacks[int(i * step)] for i in range(size)]


def preview_case(stack: str, target_s: Optional[float], providers: int) -> Case:
    return Case(f"preview {stack}", ("preview", stack, "--json"), target_s, providers)


ACCOUNTS_CASE = Case("accounts --json", ("accounts", "--json"))
MANAGEMENT_CASE = preview_case("management", MANAGEMENT_TARGET_S, 3)
WORKLOAD_CASE = preview_case(WORKLOAD_STACK, None, 2)


# --- quotas at scale (from the management preview) ------------------------------------------------------


def _policy_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def config_bucket_policy(preview: dict[str, Any]) -> Optional[tuple[int, bool]]:
    """The organization's Config bucket policy in the management preview: (size in bytes, whether it grants
    the organization (aws:SourceOrgID) rather than each account), or None without one."""
    for r in preview["resources"]:
        if r["type"] == "aws:s3/bucketPolicy:BucketPolicy" and "config" in r["name"]:
            text = _policy_text(r["inputs"].get("policy", ""))
            return len(text.encode()), "aws:SourceOrgID" in text
    return None


def largest_scp(preview: dict[str, Any]) -> Optional[tuple[str, int]]:
    """(name, characters) of the largest SCP document the management stack declares, or None."""
    scps = [(r["inputs"].get("name", r["name"]), len(_policy_text(r["inputs"].get("content", ""))))
            for r in preview["resources"]
            if r["type"] == "aws:organizations/policy:Policy" and r["inputs"].get("type") == "SERVICE_CONTROL_POLICY"]
    return max(scps, key=lambda s: s[1]) if scps else None


def quota_lines(preview: dict[str, Any], scp_max_characters: int) -> list[str]:
    lines = []
    bucket = config_bucket_policy(preview)
    if bucket is not None:
        size, organization_wide = bucket
        grant = "the organization (aws:SourceOrgID)" if organization_wide else "each account"
        verdict = "fits" if size <= CONFIG_BUCKET_POLICY_MAX_BYTES else "OVER THE LIMIT"
        lines.append(f"Config bucket policy: {size:,} of {CONFIG_BUCKET_POLICY_MAX_BYTES:,} bytes ({verdict}), grants {grant}")
    scp = largest_scp(preview)
    if scp is not None:
        name, size = scp
        verdict = "fits" if size <= scp_max_characters else "OVER THE QUOTA"
        lines.append(f"Largest SCP: {name}, {size:,} of {scp_max_characters:,} characters ({verdict})")
    return lines


# --- the table ------------------------------------------------------------------------------------------


def target_text(case: Case) -> str:
    parts = [f"<= {case.target_s:g} s"] if case.target_s is not None else []
    if case.providers is not None:
        parts.append(f"{case.providers} provider{'s' if case.providers != 1 else ''}")
    return ", ".join(parts) or "exit 0"


def verdict_text(m: Measurement) -> str:
    if m.exit_code != 0:
        return f"FAIL (exit {m.exit_code})"
    if not m.shape_ok:
        return "FAIL (providers)"
    return "pass" if m.time_ok else "FAIL (time)"


def table_rows(measurements: Sequence[Measurement]) -> list[tuple[str, ...]]:
    return [(m.case.label, f"{m.wall_s:.2f}", f"{m.peak_rss_mb:.0f}",
             "-" if m.providers is None else str(m.providers), target_text(m.case), verdict_text(m))
            for m in measurements]


TABLE_HEAD = ("case", "wall s", "peak RSS MB", "AWS providers", "target", "pass/fail")
NUMERIC_COLUMNS = (1, 2, 3)


def render_table(measurements: Sequence[Measurement], markdown: bool = False) -> str:
    rows = table_rows(measurements)
    if markdown:
        rule = tuple("---:" if i in NUMERIC_COLUMNS else "---" for i in range(len(TABLE_HEAD)))
        return "\n".join("| " + " | ".join(row) + " |" for row in (TABLE_HEAD, rule, *rows))
    widths = [max(len(row[i]) for row in (TABLE_HEAD, *rows)) for i in range(len(TABLE_HEAD))]

    def line(row: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in NUMERIC_COLUMNS else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(cells).rstrip()

    return "\n".join([line(TABLE_HEAD), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)])


# --- the benchmark --------------------------------------------------------------------------------------


def cli_environment(project: Path) -> dict[str, str]:
    return {**os.environ, "LANDFALL_PROJECT_DIR": str(project)}


def run_cases(project: Path, sample: int, repeat: int) -> tuple[list[Measurement], dict[str, Any]]:
    """Every case's measurement, and the management preview's inventory (for the quota lines; {} if it failed)."""
    env = cli_environment(project)
    management, management_run = measure(MANAGEMENT_CASE, env, repeat)
    inventory = json.loads(management_run.stdout) if management.exit_code == 0 else {}
    accounts, accounts_run = measure(ACCOUNTS_CASE, env, repeat)
    if accounts.exit_code != 0:
        return [management, accounts], inventory
    stacks = sample_baseline_stacks(json.loads(accounts_run.stdout), sample)
    baselines = [measure(preview_case(stack, BASELINE_TARGET_S, 1), env, repeat)[0] for stack in stacks]
    workload, _ = measure(WORKLOAD_CASE, env, repeat)
    return [management, accounts, *baselines, workload], inventory


def scp_max_characters(project: Path) -> int:
    """The SCP size quota the synthetic organization validates against (the real loader's reading)."""
    from landfall.config.loader import load_stack_file

    return load_stack_file("management", project).organization.quotas.scp_max_characters


def report(project: Path, sample: int, repeat: int, markdown: bool) -> list[Measurement]:
    print(f"Organization scale: {ACCOUNTS} accounts, {OUS} OUs, {len(REGIONS)} regions ({', '.join(REGIONS)}); "
          f"median of {repeat} runs per case, each its own process")
    measurements, inventory = run_cases(project, sample, repeat)
    print(render_table(measurements, markdown))
    if inventory:
        print("\n".join(quota_lines(inventory, scp_max_characters(project))))
    for m in measurements:
        if m.exit_code != 0:
            print(f"\n{m.case.label} failed:\n{m.stderr.strip()}", file=sys.stderr)
    return measurements


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m landfall.offline.scale_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=REPEAT, help=f"runs per case (default {REPEAT})")
    parser.add_argument("--sample", type=int, default=SAMPLE, help=f"baseline stacks previewed (default {SAMPLE})")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for README.md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated project directory")
    args = parser.parse_args(argv)
    project = write_scale_project(Path(tempfile.mkdtemp(prefix="landfall-scale-")))
    try:
        measurements = report(project, args.sample, args.repeat, args.markdown)
    finally:
        if args.keep:
            print(f"project kept in {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)
    return 0 if all(m.shape_ok for m in measurements) else 1


if __name__ == "__main__":
    sys.exit(main())
