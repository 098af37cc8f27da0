"""`make bench`, organization scale: the synthetic organization is the size asked for and a valid landing zone,
and the measuring, counting and table code says what it measured. (Timings are the benchmark's business.)"""

from __future__ import annotations

import copy
import json
import sys

import pytest
import yaml

from landfall.config.loader import load_stack_file
from landfall.offline.accounts import account_rows
from landfall.offline.scale_bench import (
    ACCOUNTS_CASE,
    MANAGEMENT_CASE,
    MANAGEMENT_FILE,
    REPOSITORY,
    Case,
    Measurement,
    aws_provider_processes,
    baseline_ous,
    cli_environment,
    config_bucket_policy,
    largest_scp,
    measure,
    ou_paths,
    preview_case,
    render_table,
    run_measured,
    sample_baseline_stacks,
    synthetic_management_config,
    write_scale_project,
)

REGIONS = ["eu-west-1", "eu-central-1", "eu-north-1"]


def management_config() -> dict:
    return yaml.safe_load((REPOSITORY / MANAGEMENT_FILE).read_text())["config"]


@pytest.fixture(scope="module")
def scale_project(tmp_path_factory):
    return write_scale_project(tmp_path_factory.mktemp("scale"))


@pytest.fixture(scope="module")
def rows(scale_project):
    return account_rows(scale_project)


# --- the synthetic organization -------------------------------------------------------------------------


def test_the_organization_has_300_accounts_in_8_ous_governing_3_regions():
    organization = synthetic_management_config(management_config())["landfall:organization"]
    assert len(organization["accounts"]) + 1 == 300  # the management account is no member
    assert len(ou_paths(organization["ous"])) == 8
    assert organization["scp_parameters"]["allowed_regions"] == REGIONS


def test_synthetic_accounts_have_unique_twelve_digit_ids_and_emails():
    accounts = synthetic_management_config(management_config())["landfall:organization"]["accounts"]
    ids = [a["id"] for a in accounts.values() if "id" in a]
    emails = [a["email"] for a in accounts.values()]
    assert all(len(i) == 12 and i.isdigit() for i in ids)
    assert len(set(ids)) == len(ids) and len(set(emails)) == len(emails)
    assert "111111111111" not in ids  # the management account's


def test_existing_accounts_are_kept_as_they_were_and_the_input_is_not_changed():
    original = management_config()
    before = copy.deepcopy(original)
    accounts = synthetic_management_config(original)["landfall:organization"]["accounts"]
    assert original == before
    for key, account in before["landfall:organization"]["accounts"].items():
        assert accounts[key] == account


def test_synthetic_accounts_avoid_the_quarantine_ou_and_parent_ous():
    organization = synthetic_management_config(management_config())["landfall:organization"]
    homes = baseline_ous(organization)
    assert "Suspended" not in homes and "Workloads" not in homes
    existing = management_config()["landfall:organization"]["accounts"]
    assert {a["ou"] for k, a in organization["accounts"].items() if k not in existing} == set(homes)


def test_the_new_ou_gets_the_scps_of_its_siblings():
    organization = synthetic_management_config(management_config())["landfall:organization"]
    new = [p for p in ou_paths(organization["ous"]) if p not in ou_paths(management_config()["landfall:organization"]["ous"])]
    assert new == ["Workloads/Scale01"]
    assert organization["scps"]["Workloads/Scale01"] == organization["scps"]["Workloads/Prod"]


def test_the_home_region_must_come_first():
    with pytest.raises(ValueError, match="home region"):
        synthetic_management_config(management_config(), regions=("eu-central-1", "eu-west-1"))


def test_the_scale_project_validates_through_the_real_loader(scale_project, rows):
    config = load_stack_file("management", scale_project)
    assert len(config.organization.accounts) == 299
    assert list(config.governed_regions().regions) == REGIONS
    assert len(rows) == 300 and all(r["baseline_stack"] for r in rows)
    assert all(r["regions"] == REGIONS for r in rows)


def test_a_sampled_baseline_stack_validates_with_one_account(scale_project, rows):
    stack = sample_baseline_stacks(rows)[0]
    config = load_stack_file(stack, scale_project)
    assert len(config.accounts) == 1 and config.accounts[stack.removeprefix("baseline-")].id is not None


# --- which stacks are sampled ---------------------------------------------------------------------------


def row(key: str, generated: bool = True, pending: bool = False) -> dict:
    return {"key": key, "baseline_stack": f"baseline-{key}" if generated else "dev", "generated": generated, "pending": pending}


def test_the_sample_is_spread_over_generated_adopted_accounts():
    rows = [row("dev", generated=False), row("sandbox", pending=True)] + [row(f"a{i:02d}") for i in range(10)]
    assert sample_baseline_stacks(rows, 5) == ["baseline-a00", "baseline-a02", "baseline-a04", "baseline-a06", "baseline-a08"]
    assert sample_baseline_stacks(rows[:4], 5) == ["baseline-a00", "baseline-a01"]


# --- counting providers and quotas from a preview's JSON ------------------------------------------------


def resource(type_: str, name: str, provider: str = "", custom: bool = True, inputs: dict | None = None) -> dict:
    return {"type": type_, "name": name, "provider": provider, "custom": custom, "inputs": inputs or {}}


def scp(logical: str, name: str, type_: str, content: str) -> dict:
    return resource("aws:organizations/policy:Policy", logical, inputs={"name": name, "type": type_, "content": content})


def test_providers_are_counted_from_the_inventory():
    preview = {"resources": [
        resource("pulumi:pulumi:Stack", "landfall-x", custom=False),
        *(resource("pulumi:providers:aws", f"aws-{n}") for n in ("a", "b", "c")),
        resource("landfall:baseline:AccountBaseline", "baseline", custom=False),
        resource("aws:s3/bucket:Bucket", "logs", provider="urn:...aws-a::id"),
    ]}
    assert aws_provider_processes(preview) == 3


def test_an_aws_resource_without_a_provider_counts_the_default_provider():
    preview = {"resources": [resource("pulumi:providers:aws", "aws-a"), resource("aws:s3/bucket:Bucket", "logs")]}
    assert aws_provider_processes(preview) == 2


def test_the_config_bucket_policy_and_the_largest_scp_are_read_from_the_inventory():
    org_policy = json.dumps({"Statement": [{"Condition": {"StringEquals": {"aws:SourceOrgID": "o-abc"}}}]})
    preview = {"resources": [
        resource("aws:s3/bucketPolicy:BucketPolicy", "trail-bucket-policy", inputs={"policy": "{}"}),
        resource("aws:s3/bucketPolicy:BucketPolicy", "config-bucket-policy", inputs={"policy": org_policy}),
        scp("scp-a", "a", "SERVICE_CONTROL_POLICY", "x" * 10),
        scp("scp-b", "b", "SERVICE_CONTROL_POLICY", "x" * 30),
        scp("tags", "t", "TAG_POLICY", "x" * 99),
    ]}
    assert config_bucket_policy(preview) == (len(org_policy), True)
    assert largest_scp(preview) == ("b", 30)
    assert config_bucket_policy({"resources": []}) is None


# --- measuring one process ------------------------------------------------------------------------------


TOUCH_200_MB = "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"


def test_peak_rss_is_the_process_own_not_the_largest_child_so_far():
    big = run_measured([sys.executable, "-c", TOUCH_200_MB])
    small = run_measured([sys.executable, "-c", "pass"])
    assert big.exit_code == 0 and big.peak_rss_mb > 200
    assert small.peak_rss_mb < 100  # RUSAGE_CHILDREN would still report the big one


def test_peak_rss_is_not_the_parent_high_water_mark():
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"1" * len(ballast[::4096])  # resident in this process, as pytest's heap would be
    small = run_measured([sys.executable, "-c", "pass"])
    del ballast
    assert small.peak_rss_mb < 100  # wait4's ru_maxrss would report at least this process's 300 MB


def test_a_failing_command_reports_its_exit_code_and_output():
    run = run_measured([sys.executable, "-c", "import sys; print('out'); sys.exit('boom')"])
    assert (run.exit_code, run.stdout.strip(), run.stderr.strip()) == (1, "out", "boom")


@pytest.mark.slow
def test_the_cli_reads_the_scale_project_and_a_baseline_stack_has_one_provider(scale_project, rows):
    env = cli_environment(scale_project)
    accounts, run = measure(ACCOUNTS_CASE, env, repeat=1)
    assert accounts.exit_code == 0 and len(json.loads(run.stdout)) == 300  # LANDFALL_PROJECT_DIR reached the CLI
    baseline, _ = measure(preview_case(sample_baseline_stacks(rows)[0], 2.0, 1), env, repeat=1)
    assert (baseline.exit_code, baseline.providers) == (0, 1)


@pytest.mark.slow
def test_the_management_stack_keeps_three_providers_and_its_quotas_at_300_accounts(scale_project):
    management, run = measure(MANAGEMENT_CASE, cli_environment(scale_project), repeat=1)
    assert (management.exit_code, management.providers) == (0, 3), management.stderr
    size, organization_wide = config_bucket_policy(json.loads(run.stdout))
    assert size <= 20_480 and organization_wide  # one statement per account would not fit


# --- the table ------------------------------------------------------------------------------------------


def measured(case: Case, wall_s: float, providers=None, exit_code: int = 0) -> Measurement:
    return Measurement(case, wall_s, 123.4, exit_code, providers)


def test_the_table_reports_pass_and_each_kind_of_failure():
    baseline = preview_case("baseline-x", 2.0, 1)
    table = render_table([
        measured(MANAGEMENT_CASE, 3.21, 3),
        measured(baseline, 2.5, 1),
        measured(baseline, 1.0, 2),
        measured(ACCOUNTS_CASE, 0.9, exit_code=2),
    ])
    lines = table.splitlines()
    assert lines[0].split() == ["case", "wall", "s", "peak", "RSS", "MB", "AWS", "providers", "target", "pass/fail"]
    assert lines[2].startswith("preview management") and "3.21" in lines[2] and "123" in lines[2]
    assert lines[2].endswith("<= 5 s, 3 providers  pass")
    assert lines[3].endswith("<= 2 s, 1 provider   FAIL (time)")
    assert lines[4].endswith("FAIL (providers)")
    assert lines[5].endswith("exit 0               FAIL (exit 2)") and " - " in lines[5]


def test_the_markdown_table_has_one_row_per_case():
    table = render_table([measured(MANAGEMENT_CASE, 3.21, 3)], markdown=True).splitlines()
    assert table[0] == "| case | wall s | peak RSS MB | AWS providers | target | pass/fail |"
    assert table[1] == "| --- | ---: | ---: | ---: | --- | --- |"
    assert table[2] == "| preview management | 3.21 | 123 | 3 | <= 5 s, 3 providers | pass |"


def test_only_a_failed_command_or_wrong_providers_fail_the_run_slowness_does_not():
    assert measured(MANAGEMENT_CASE, 99.0, 3).shape_ok and not measured(MANAGEMENT_CASE, 99.0, 3).passed
    assert not measured(MANAGEMENT_CASE, 1.0, 4).shape_ok
    assert not measured(ACCOUNTS_CASE, 1.0, exit_code=1).shape_ok


def test_only_python_commands_can_be_measured_since_the_probe_runs_them():
    with pytest.raises(ValueError, match="python -m module"):
        run_measured(["/bin/true", "x", "y"])
