"""The GitHub workflows: valid against the GitHub workflow schema (vendored by check-jsonschema), and the
behaviours the pipeline relies on: OIDC everywhere AWS is used, the deploy order, prod behind its
environment, previews that comment and run the policy pack, pinned actions, and a drift check that writes nothing."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
STACKS = ["management", "network", "dev", "staging", "prod"]
SCHEMA = json.loads((files("check_jsonschema.builtin_schemas.vendor") / "github-workflows.json").read_text())


class WorkflowLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only (true/false), so the `on:` key stays the string "on" (YAML 1.1 reads it as True)."""


WorkflowLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WorkflowLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load(name: str) -> dict[str, Any]:
    return yaml.load((WORKFLOWS / name).read_text(), Loader=WorkflowLoader)


def schema_errors(doc: dict[str, Any]) -> list[str]:
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(doc)]


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def all_steps(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in doc["jobs"].items():
        for step in steps(job):
            yield name, step


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


def needs(job: dict[str, Any]) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def permissions(doc: dict[str, Any], job: dict[str, Any]) -> dict[str, str]:
    """A job's effective permissions: its own block replaces the workflow's."""
    return job.get("permissions", doc.get("permissions", {}))


def pinned_sdk(package: str) -> str:
    line = next(line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.startswith(f"{package}=="))
    return line.split("==")[1].strip()


NAMES = ["pull-request.yml", "deploy.yml", "drift.yml"]
PR, DEPLOY, DRIFT = (load(n) for n in NAMES)


class TestSchema:
    @pytest.mark.parametrize("name", NAMES)
    def test_each_workflow_is_valid_against_the_github_workflow_schema(self, name):
        assert schema_errors(load(name)) == []

    def test_these_are_all_the_workflows(self):
        assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(NAMES)

    @pytest.mark.parametrize("name", NAMES)
    def test_the_on_key_stays_a_string(self, name):
        doc = load(name)
        assert "on" in doc and True not in doc

    def test_a_job_without_runs_on_fails_validation(self):
        broken = copy.deepcopy(PR)
        del broken["jobs"]["test"]["runs-on"]
        assert any(e.startswith("jobs/test") for e in schema_errors(broken)), schema_errors(broken)

    def test_an_unknown_permission_level_fails_validation(self):
        broken = copy.deepcopy(DEPLOY)
        broken["jobs"]["prod"]["permissions"]["id-token"] = "admin"
        assert schema_errors(broken) != []

    def test_a_trigger_misspelt_by_yaml_1_1_loading_fails_validation(self):
        # What a plain yaml.safe_load produces: the `on` key becomes True, so `on` is missing.
        misloaded = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text())
        assert True in misloaded
        assert schema_errors({str(k): v for k, v in misloaded.items() if k is not True}) != []


class TestCredentials:
    @pytest.mark.parametrize("name", NAMES)
    def test_every_job_that_uses_aws_can_mint_an_oidc_token(self, name):
        doc = load(name)
        aws_jobs = [n for n, job in doc["jobs"].items() if uses(job, "aws-actions/configure-aws-credentials")]
        assert aws_jobs, f"{name}: no job assumes the AWS role"
        for job_name in aws_jobs:
            assert permissions(doc, doc["jobs"][job_name]).get("id-token") == "write", f"{name}:{job_name}"

    @pytest.mark.parametrize("name", NAMES)
    def test_aws_credentials_come_from_an_oidc_role_never_static_keys(self, name):
        for job_name, step in all_steps(load(name)):
            if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@"):
                assert step["with"]["role-to-assume"] in ("${{ vars.LANDFALL_DEPLOY_ROLE_ARN }}", "${{ vars.LANDFALL_PREVIEW_ROLE_ARN }}"), job_name
                assert not {"aws-access-key-id", "aws-secret-access-key"} & set(step["with"]), job_name

    @pytest.mark.parametrize("name", NAMES)
    def test_pulumi_runs_with_the_access_token_secret_and_the_cli_matching_the_sdk(self, name):
        sdk = pinned_sdk("pulumi")
        actions = [(j, s) for j, s in all_steps(load(name)) if s.get("uses", "").startswith("pulumi/actions@")]
        assert actions
        for job_name, step in actions:
            assert step["with"]["pulumi-version"] == sdk, f"{name}:{job_name}: CLI and SDK versions drift apart"
            if "command" in step["with"]:
                assert step["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}", job_name

    @pytest.mark.parametrize("name", NAMES)
    def test_every_step_running_the_pulumi_cli_has_the_access_token_and_the_full_stack_name(self, name):
        cli = [(j, s) for j, s in all_steps(load(name)) if re.search(r"^\s*pulumi (up|preview|refresh)", s.get("run", ""), re.M)]
        assert cli
        for job_name, step in cli:
            assert step["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}", job_name
            assert step["env"]["PULUMI_ORG"] == "${{ vars.PULUMI_ORG }}", job_name
            assert '--stack "$PULUMI_ORG/landfall/$stack"' in step["run"], job_name

    def test_the_default_token_is_read_only_and_jobs_widen_it_themselves(self):
        for doc in (PR, DEPLOY, DRIFT):
            assert doc["permissions"] == {"contents": "read"}


class TestPinning:
    @pytest.mark.parametrize("name", NAMES)
    def test_every_action_is_pinned_by_commit_sha_with_its_release_tag_beside_it(self, name):
        for job_name, step in all_steps(load(name)):
            if "uses" in step:
                ref = step["uses"].rpartition("@")[2]
                assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}:{job_name}: {step['uses']} is not pinned by commit SHA"
        for line in (WORKFLOWS / name).read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), f"{name}: {line.strip()} lacks its tag comment"


class TestPullRequest:
    def test_runs_on_pull_requests_to_main_and_cancels_superseded_runs(self):
        assert PR["on"] == {"pull_request": {"branches": ["main"]}}
        assert PR["concurrency"]["cancel-in-progress"] is True
        assert "github.event.pull_request.number" in PR["concurrency"]["group"]

    def test_tests_run_through_make_with_a_pip_cache(self):
        job = PR["jobs"]["test"]
        assert any(s.get("run", "").strip().startswith("make test") for s in steps(job))
        setup = uses(job, "actions/setup-python")[0]["with"]
        assert (setup["python-version"], setup["cache"]) == ("3.11", "pip")

    def test_the_affected_stacks_come_from_the_change_against_the_base_branch(self):
        job = PR["jobs"]["affected"]
        assert uses(job, "actions/checkout")[0]["with"]["fetch-depth"] == 0
        run = " ".join(s.get("run", "") for s in steps(job))
        assert ".venv/bin/python -m landfall stacks --base origin/${{ github.base_ref }}" in run
        assert '--github-output "$GITHUB_OUTPUT"' in run
        assert set(job["outputs"]) == {"checks", "count", "preview", "preview_count"}

    def test_every_affected_stack_gets_an_offline_preview_and_a_change_safety_diff(self):
        job = PR["jobs"]["checks"]
        assert job["strategy"]["matrix"] == "${{ fromJSON(needs.affected.outputs.checks) }}"
        assert job["if"] == "needs.affected.outputs.count != '0'"  # an empty matrix is an error in GitHub
        assert uses(job, "actions/checkout")[0]["with"]["fetch-depth"] == 0
        loop = next(s["run"] for s in steps(job) if "for stack in" in s.get("run", ""))
        assert 'make preview STACK="$stack"' in loop
        assert '.venv/bin/python -m landfall diff "$stack" --base "origin/$BASE_REF"' in loop
        assert "exit 1" in loop  # a failed stack fails the job after the others ran
        assert "permissions" not in job and "aws-actions/configure-aws-credentials" not in json.dumps(job)  # offline: no credentials

    def test_lint_installs_its_pinned_ruff_before_running_it(self):
        runs = [s.get("run", "") for s in steps(PR["jobs"]["lint"])]
        assert runs.index("pip install ruff==0.17.5") < runs.index("ruff check .")
        assert "ruff" not in (ROOT / "Makefile").read_text()

    def test_the_cloud_preview_waits_for_the_offline_checks(self):
        assert {"checks", "test", "lint", "affected"} <= set(needs(PR["jobs"]["pulumi-preview"]))

    def test_the_cloud_preview_runs_the_prs_code_only_behind_the_preview_environment(self):
        job = PR["jobs"]["pulumi-preview"]
        assert job["environment"] == "preview"
        assert job["strategy"]["matrix"] == "${{ fromJSON(needs.affected.outputs.preview) }}"
        assert job["if"].startswith("needs.affected.outputs.preview_count != '0' && ")

    def test_the_cloud_preview_comments_on_the_pr_and_runs_the_policy_pack_for_every_single_stack_job(self):
        job = PR["jobs"]["pulumi-preview"]
        assert job["permissions"] == {"id-token": "write", "contents": "read", "pull-requests": "write"}
        step = next(s for s in uses(job, "pulumi/actions") if "command" in s["with"])
        assert step["if"] == "matrix.name == matrix.stacks"
        assert step["with"] == {
            "command": "preview",
            "stack-name": "${{ vars.PULUMI_ORG }}/landfall/${{ matrix.stacks }}",
            "pulumi-version": pinned_sdk("pulumi"),
            "comment-on-pr": True,
            "github-token": "${{ secrets.GITHUB_TOKEN }}",
            "policyPacks": "policies",
            "policyPackConfigs": "policy-config-${{ matrix.stacks }}.json",
            "refresh": True,
            "diff": True,
            "upsert": "${{ startsWith(matrix.stacks, 'baseline-') }}",
        }

    def test_the_pack_gets_each_stacks_config_written_before_the_preview(self):
        job = PR["jobs"]["pulumi-preview"]
        names = [s.get("name") or s.get("run") or s.get("uses", "").split("@")[0] for s in steps(job)]
        assert names.index("make venv") < names.index("policy-pack config") < names.index("pulumi/actions")
        write = next(s for s in steps(job) if s.get("name") == "policy-pack config")
        assert 'landfall policy-config "$stack" --out "policy-config-$stack.json"' in write["run"]
        loop = next(s for s in steps(job) if "for stack in" in s.get("run", "") and "pulumi preview" in s.get("run", ""))
        assert '--policy-pack-config "policy-config-$stack.json"' in loop["run"]

    def test_a_shard_of_many_baseline_stacks_previews_each_with_the_policy_pack(self):
        job = PR["jobs"]["pulumi-preview"]
        loop = next(s for s in steps(job) if "for stack in" in s.get("run", "") and "pulumi preview" in s.get("run", ""))
        assert loop["if"] == "matrix.name != matrix.stacks"
        assert "pulumi preview --refresh" in loop["run"] and "--policy-pack policies" in loop["run"]
        assert "exit 1" in loop["run"]

    def test_the_program_venv_exists_before_pulumi_runs(self):
        names = [s.get("run") or s.get("uses", "").split("@")[0] for s in steps(PR["jobs"]["pulumi-preview"])]
        assert names.index("make venv") < names.index("pulumi/actions")


class TestDeploy:
    def test_runs_on_pushes_to_main_and_by_hand(self):
        assert DEPLOY["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}

    def test_stacks_deploy_in_order_management_baselines_network_dev_staging_prod(self):
        jobs = DEPLOY["jobs"]
        assert {n: needs(j) for n, j in jobs.items()} == {
            "management": [],
            "accounts": ["management"],
            "baselines": ["accounts"],
            "network": ["management", "accounts", "baselines"],
            "dev": ["network"],
            "staging": ["dev"],
            "prod": ["staging"],
        }

    def test_the_baseline_matrix_is_read_after_the_management_deploy_so_new_accounts_are_in_it(self):
        job = DEPLOY["jobs"]["accounts"]
        run = " ".join(s.get("run", "") for s in steps(job))
        assert ".venv/bin/python -m landfall stacks --only baselines" in run
        assert job["outputs"] == {"matrix": "${{ steps.stacks.outputs.checks }}", "count": "${{ steps.stacks.outputs.count }}"}
        assert "aws-actions/configure-aws-credentials" not in json.dumps(job)

    def test_baselines_fan_out_with_bounded_parallelism_and_no_fail_fast(self):
        job = DEPLOY["jobs"]["baselines"]
        strategy = job["strategy"]
        assert strategy["matrix"] == "${{ fromJSON(needs.accounts.outputs.matrix) }}"
        assert strategy["fail-fast"] is False and 1 <= strategy["max-parallel"] <= 20
        assert job["if"] == "needs.accounts.outputs.count != '0'"

    def test_each_baseline_stack_is_created_if_new_and_deployed_with_the_policy_pack(self):
        loop = next(s["run"] for s in steps(DEPLOY["jobs"]["baselines"]) if "for stack in" in s.get("run", ""))
        assert 'pulumi stack select --create "$PULUMI_ORG/landfall/$stack"' in loop
        assert "pulumi up --yes --non-interactive --diff --policy-pack policies" in loop
        assert "exit 1" in loop

    def test_network_waits_for_every_baseline_and_never_runs_after_a_failed_one(self):
        condition = DEPLOY["jobs"]["network"]["if"]
        assert "!cancelled()" in condition and "needs.accounts.result == 'success'" in condition
        assert "needs.baselines.result == 'success' || needs.baselines.result == 'skipped'" in condition
        assert "failure" not in condition

    def test_each_stack_deploys_in_its_own_environment_and_prod_is_prod(self):
        for stack, job in DEPLOY["jobs"].items():
            if stack == "accounts":
                assert "environment" not in job  # reads files only
                continue
            env = job["environment"]
            assert (env if isinstance(env, str) else env["name"]) == stack
        assert DEPLOY["jobs"]["prod"]["environment"] == "prod"

    @pytest.mark.parametrize("name", NAMES)
    def test_every_environment_with_aws_credentials_is_one_landfall_ci_trusts(self, name):
        from landfall.config.ci import CiConfig

        ci = CiConfig(github_repository="o/r")
        # deploys get landfall-ci (the deploy roles); previews and drift checks only landfall-ci-preview
        trusted, role = (set(ci.environments), "LANDFALL_DEPLOY_ROLE_ARN") if name == "deploy.yml" else (set(ci.preview_environments), "LANDFALL_PREVIEW_ROLE_ARN")
        for job_name, job in load(name)["jobs"].items():
            for step in uses(job, "aws-actions/configure-aws-credentials"):
                assert job.get("environment") in trusted, f"{name}:{job_name}: its OIDC subject is not trusted"
                assert step["with"]["role-to-assume"] == "${{ vars.%s }}" % role, f"{name}:{job_name}"

    @pytest.mark.parametrize("name", ["pull-request.yml", "drift.yml"])
    def test_previews_and_drift_checks_run_read_only(self, name):
        for job_name, job in load(name)["jobs"].items():
            if uses(job, "aws-actions/configure-aws-credentials"):
                assert job.get("env", {}).get("LANDFALL_READ_ONLY") == "1", f"{name}:{job_name}"

    def test_drift_refresh_runs_the_program_so_the_read_only_role_applies(self):
        script = "\n".join(s.get("run", "") for _, s in all_steps(DRIFT))
        assert "pulumi refresh --preview-only --run-program" in script

    def test_a_forks_pull_request_never_gets_credentials(self):
        for job_name, job in PR["jobs"].items():
            if uses(job, "aws-actions/configure-aws-credentials"):
                assert "github.event.pull_request.head.repo.full_name == github.repository" in job["if"], job_name
        assert "pull_request_target" not in PR["on"]

    def test_prod_approval_is_documented_as_environment_reviewers(self):
        text = (WORKFLOWS / "deploy.yml").read_text()
        assert "reviewers" in text.lower() and "environment" in text.lower()

    def test_two_deploys_never_overlap_and_a_running_one_is_never_cancelled(self):
        assert DEPLOY["concurrency"] == {"group": "deploy-landfall", "cancel-in-progress": False}
        assert all("concurrency" not in job for job in DEPLOY["jobs"].values())

    def test_every_file_stack_runs_pulumi_up_with_the_policy_pack(self):
        for stack in STACKS:
            step = uses(DEPLOY["jobs"][stack], "pulumi/actions")[0]["with"]
            assert (step["command"], step["policyPacks"]) == ("up", "policies"), stack
            assert step["stack-name"] == f"${{{{ vars.PULUMI_ORG }}}}/landfall/{stack}"
            # the pack judges the stack with its own waivers and production flag, written before the deploy
            assert step["policyPackConfigs"] == f"policy-config-{stack}.json", stack
            runs = [s.get("run", "") for s in steps(DEPLOY["jobs"][stack])]
            assert f".venv/bin/python -m landfall policy-config {stack} --out policy-config-{stack}.json" in runs, stack


class TestDrift:
    def test_runs_daily_and_by_hand(self):
        assert set(DRIFT["on"]) == {"schedule", "workflow_dispatch"}
        minute, hour, dom, month, dow = DRIFT["on"]["schedule"][0]["cron"].split()
        assert (dom, month, dow) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()

    def test_every_stack_including_the_baselines_is_refreshed_in_preview_only_mode_and_fails_on_drift(self):
        listing = " ".join(s.get("run", "") for s in steps(DRIFT["jobs"]["stacks"]))
        assert ".venv/bin/python -m landfall stacks --shards" in listing and "--only" not in listing
        job = DRIFT["jobs"]["drift"]
        assert job["strategy"]["matrix"] == "${{ fromJSON(needs.stacks.outputs.matrix) }}"
        assert job["strategy"]["fail-fast"] is False
        refresh = [s["run"] for s in steps(job) if "pulumi refresh" in s.get("run", "")]
        assert len(refresh) == 1
        assert "--preview-only" in refresh[0] and "--expect-no-changes" in refresh[0]
        assert "for stack in $STACKS" in refresh[0] and "exit 1" in refresh[0]

    def test_no_step_runs_a_state_writing_refresh(self):
        for job_name, step in all_steps(DRIFT):
            assert step.get("with", {}).get("command") != "refresh", job_name
            assert not re.search(r"pulumi refresh(?![^\n]*--preview-only)", step.get("run", "")), job_name
