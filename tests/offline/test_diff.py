"""`python -m landfall diff` end to end: a scratch clone, an edited stack file, the base at HEAD."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from landfall.offline.diff import DiffError, diff, inventory_at
from landfall.offline.synth import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A clone of the committed repo: the base revision is its HEAD."""
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("no commit to compare with")
    path = tmp_path_factory.mktemp("repo") / "landfall"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(path)], check=True)
    return path


def edit_dev(clone, mutate):
    path = clone / "Pulumi.dev.yaml"
    original = path.read_text()
    doc = yaml.safe_load(original)
    mutate(doc["config"]["landfall:network"]["vpcs"]["main"])
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return original


def test_an_unchanged_stack_has_no_changes(clone):
    assert diff("dev", "HEAD", clone).changes == []


def test_changing_a_subnet_cidr_is_reported_as_a_replacement_error(clone):
    original = edit_dev(clone, lambda vpc: vpc["tiers"][2].update(prefix=25))
    try:
        changes = diff("dev", "HEAD", clone)
    finally:
        (clone / "Pulumi.dev.yaml").write_text(original)
    replaced = [c for c in changes.errors if c.kind == "replaced"]
    # The transit tier after data moves with it: resizing a tier re-addresses the tiers after it.
    assert {c.urn.rsplit("::", 1)[1] for c in replaced} == {f"main-{t}-euw1-az{n}" for t in ("data", "transit") for n in (1, 2)}
    assert all("cidrBlock" in c.reason for c in replaced)


def test_changing_a_table_key_is_reported_as_a_replacement_error(clone):
    path = clone / "Pulumi.dev.yaml"
    original = path.read_text()
    doc = yaml.safe_load(original)
    doc["config"]["landfall:services"]["orders"]["tables"]["orders"]["partition_key"] = "customer_id"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    try:
        changes = diff("dev", "HEAD", clone)
    finally:
        path.write_text(original)
    replaced = [c for c in changes.errors if c.kind == "replaced"]
    assert [c.urn.rsplit("::", 1)[1] for c in replaced if "dynamodb/table" in c.urn] == ["orders-orders"]
    assert any("hashKey" in c.reason for c in replaced)


def test_adding_an_az_adds_resources_and_reports_no_error(clone):
    original = edit_dev(clone, lambda vpc: vpc["az_ids"].append("euw1-az3"))
    try:
        changes = diff("dev", "HEAD", clone)
    finally:
        (clone / "Pulumi.dev.yaml").write_text(original)
    assert changes.count("added") > 0 and changes.errors == [] and changes.count("removed") == 0


def test_a_stack_missing_at_the_base_counts_as_all_added(clone):
    assert inventory_at("HEAD", "nosuchstack", clone) == {"resources": []}


def test_a_generated_baseline_stack_is_compared_with_its_base_not_counted_as_new(clone):
    """baseline-<key> stacks have no stack file: the base's organization generates them too."""
    assert diff("baseline-sandbox", "HEAD", clone).changes == []


def test_an_unknown_revision_is_a_clear_error(clone):
    with pytest.raises(DiffError, match="cannot read revision 'no-such-ref'"):
        inventory_at("no-such-ref", "dev", clone)
