"""Which stacks a change can affect (landfall/offline/affected.py) and the matrices the workflows fan out with:
the path rules as a table, account-row changes moving baseline ownership, sharding within GitHub's limits, and
the `stacks` command against a real git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landfall.__main__ import main
from landfall.offline.affected import (
    ALL,
    BASELINES,
    GITHUB_MATRIX_LIMIT,
    NETWORK_AND_WORKLOADS,
    NONE,
    WORKLOADS,
    StackSet,
    affected,
    matrix,
    rule_for,
    shards,
)

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"management": "management", "network": "network", "dev": "workload", "staging": "workload",
         "prod": "workload", "baseline-sandbox": "baseline", "baseline-lab": "baseline"}


def row(key, owner, id_="123456789012", ou="Sandbox", regions=("eu-west-1",), pending=False):
    return {"key": key, "id": None if pending else id_, "ou": ou, "baseline_stack": owner, "pending": pending,
            "regions": list(regions)}


HEAD = StackSet(dict(KINDS), {"sandbox": row("sandbox", "baseline-sandbox"), "lab": row("lab", "baseline-lab", "210987654321"),
                              "dev": row("dev", "dev", "555555555555")})


@pytest.mark.parametrize("path, rule", [
    ("Pulumi.management.yaml", ALL),
    ("components/baseline.py", ALL),
    ("landfall/config/regions.py", ALL),
    ("policies/controls/s3.py", ALL),
    ("__main__.py", ALL),
    ("requirements.txt", ALL),
    ("Pulumi.yaml", ALL),
    ("templates/baseline.yaml", BASELINES),
    ("Pulumi.network.yaml", NETWORK_AND_WORKLOADS),
    ("Pulumi.dev.yaml", "dev"),
    ("Pulumi.baseline-lab.yaml", "baseline-lab"),
    ("services/orders/handlers/create.py", WORKLOADS),
    ("README.md", NONE),
    ("docs/design.md", NONE),
    ("tests/offline/test_affected.py", NONE),
    (".github/workflows/deploy.yml", NONE),
    ("schema/landfall.schema.json", NONE),
    ("somewhere/new.py", ALL),  # unclassified: cannot be ruled out
])
def test_each_changed_path_falls_under_one_rule(path, rule):
    assert rule_for(path) == rule


@pytest.mark.parametrize("changed, expected", [
    (["README.md", "tests/x.py"], []),
    (["Pulumi.management.yaml"], ["management", "baseline-lab", "baseline-sandbox", "network", "dev", "staging", "prod"]),
    (["templates/baseline.yaml"], ["baseline-lab", "baseline-sandbox"]),
    (["Pulumi.network.yaml"], ["network", "dev", "staging", "prod"]),
    (["Pulumi.staging.yaml"], ["staging"]),
    (["services/orders/app.py"], ["dev", "staging", "prod"]),
    (["Pulumi.retired.yaml"], []),  # a stack file that no longer exists at the head
])
def test_changed_files_map_to_the_stacks_in_deploy_order(changed, expected):
    assert list(affected(changed, HEAD, HEAD).stacks) == expected


def test_a_stack_file_that_stops_baselining_its_account_affects_the_new_owner_too():
    base = StackSet({**KINDS}, {**HEAD.rows, "dev": row("dev", "dev", "555555555555")})
    head = StackSet({**KINDS, "baseline-dev": "baseline"}, {**HEAD.rows, "dev": row("dev", "baseline-dev", "555555555555")})
    result = affected(["Pulumi.dev.yaml"], head, base)
    assert set(result.stacks) == {"dev", "baseline-dev"}
    assert result.stacks["baseline-dev"] == ["account dev: row changed"]
    assert result.stacks["dev"] == ["Pulumi.dev.yaml", "account dev: no longer baselined here"]


def test_an_account_added_by_the_change_is_checked_offline_but_not_previewed_until_management_creates_it():
    head = StackSet({**KINDS, "baseline-new": "baseline"}, {**HEAD.rows, "new": row("new", "baseline-new", pending=True)})
    result = affected(["Pulumi.management.yaml"], head, HEAD)
    assert "baseline-new" in result.stacks
    assert "baseline-new" not in result.previewed
    assert "created by the management deploy" in result.offline_only["baseline-new"]
    assert "baseline-sandbox" in result.previewed


def test_a_pending_account_that_already_existed_at_the_base_is_previewed():
    rows = {**HEAD.rows, "sandbox": row("sandbox", "baseline-sandbox", pending=True)}
    result = affected(["templates/baseline.yaml"], StackSet(dict(KINDS), rows), StackSet(dict(KINDS), rows))
    assert result.previewed == ["baseline-lab", "baseline-sandbox"]


def test_a_region_added_to_an_account_affects_its_baseline_stack():
    head = StackSet(dict(KINDS), {**HEAD.rows, "lab": row("lab", "baseline-lab", "210987654321", regions=("eu-west-1", "eu-north-1"))})
    assert list(affected([], head, HEAD).stacks) == ["baseline-lab"]


def test_a_stack_gone_at_the_head_is_reported_removed_not_previewed():
    head = StackSet({k: v for k, v in KINDS.items() if k != "baseline-lab"}, {k: v for k, v in HEAD.rows.items() if k != "lab"})
    result = affected(["Pulumi.management.yaml"], head, HEAD)
    assert result.removed == ["baseline-lab"] and "baseline-lab" not in result.stacks


def test_file_stacks_get_a_job_each_and_baselines_share_the_rest():
    baselines = {f"baseline-a{i:03}": "baseline" for i in range(300)}
    kinds = {**{k: v for k, v in KINDS.items() if v != "baseline"}, **baselines}
    stacks = list(kinds)
    entries = shards(stacks, kinds, 20)
    assert len(entries) == 20
    assert [e["stacks"] for e in entries[:5]] == ["management", "network", "dev", "staging", "prod"]
    assert max(len(e["stacks"].split()) for e in entries[5:]) == 20  # 300 stacks in 15 jobs
    assert entries[5]["name"] == "baselines 1 of 15"


def test_a_lone_baseline_job_is_named_after_its_stack():
    assert shards(["baseline-sandbox"], {"baseline-sandbox": "baseline"}) == [{"name": "baseline-sandbox", "stacks": "baseline-sandbox"}]


@pytest.mark.parametrize("jobs", [0, GITHUB_MATRIX_LIMIT + 1])
def test_more_jobs_than_github_allows_or_none_is_refused(jobs):
    with pytest.raises(ValueError, match="between 1 and 256"):
        shards(["dev"], {"dev": "workload"}, jobs)


@given(st.integers(0, 700), st.integers(0, 5), st.integers(1, GITHUB_MATRIX_LIMIT))
def test_every_stack_is_in_exactly_one_job_and_jobs_stay_within_the_bound(n_baselines, n_files, max_jobs):
    kinds = {**{f"f{i}": "workload" for i in range(n_files)}, **{f"baseline-b{i}": "baseline" for i in range(n_baselines)}}
    entries = shards(list(kinds), kinds, max_jobs)
    listed = [s for e in entries for s in e["stacks"].split()]
    assert sorted(listed) == sorted(kinds)
    assert len(entries) <= max(max_jobs, n_files + (1 if n_baselines else 0))
    assert len(entries) <= GITHUB_MATRIX_LIMIT or n_files >= GITHUB_MATRIX_LIMIT


def test_the_matrix_has_no_key_but_include():
    assert matrix([{"name": "dev", "stacks": "dev"}]) == {"include": [{"name": "dev", "stacks": "dev"}]}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A git repository holding this project's stack files and template, committed once."""
    path = tmp_path_factory.mktemp("affected-repo")
    for stack_file in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, path / stack_file.name)
    shutil.copytree(ROOT / "templates", path / "templates")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=path, check=True)
    return path


def run_stacks(repo: Path, *extra: str, capsys) -> dict:
    assert main(["stacks", "--project-dir", str(repo), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_stacks_command_lists_every_stack_and_only_baselines_on_request(repo, capsys):
    assert run_stacks(repo, capsys=capsys)["stacks"] == ["management", "baseline-sandbox", "network", "dev", "staging", "prod"]
    assert run_stacks(repo, "--only", "baselines", capsys=capsys)["stacks"] == ["baseline-sandbox"]


def test_an_unchanged_repository_affects_no_stack(repo, capsys):
    out = run_stacks(repo, "--base", "HEAD", capsys=capsys)
    assert out["stacks"] == [] and out["checks"] == {"include": []}


def test_a_changed_template_in_the_working_tree_affects_the_baseline_stacks_only(repo, capsys, tmp_path):
    template = repo / "templates" / "baseline.yaml"
    original = template.read_text()
    template.write_text(original + "\n# reviewed\n")
    try:
        out = run_stacks(repo, "--base", "HEAD", "--github-output", str(tmp_path / "out"), capsys=capsys)
    finally:
        template.write_text(original)
    assert out["stacks"] == ["baseline-sandbox"]
    assert out["reasons"] == {"baseline-sandbox": ["templates/baseline.yaml"]}
    written = dict(line.split("=", 1) for line in (tmp_path / "out").read_text().splitlines())
    assert json.loads(written["checks"]) == {"include": [{"name": "baseline-sandbox", "stacks": "baseline-sandbox"}]}
    assert (written["count"], written["preview_count"]) == ("1", "1")


def test_an_unknown_base_revision_is_a_clear_error(repo, capsys):
    assert main(["stacks", "--project-dir", str(repo), "--base", "no-such-ref"]) == 2
    assert "cannot compare with 'no-such-ref'" in capsys.readouterr().err
