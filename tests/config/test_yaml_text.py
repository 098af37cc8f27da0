"""Stack-file YAML (landfall/config/yaml_text.py): a key given twice is an error naming both lines and the key
path, a syntax error names the file, line and column, and through the loader both become config problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landfall.config.crossstack import stack_file_configs
from landfall.config.errors import ConfigError
from landfall.config.loader import read_stack_file
from landfall.config.transit import load_hub
from landfall.config.yaml_text import StackFileYamlError, parse_yaml, read_stack_config

ROOT = Path(__file__).resolve().parents[2]

TWO_CIDRS = """\
config:
  landfall:network:
    vpcs:
      main:
        cidr: 10.10.0.0/16
        az_ids: [euw1-az1]
        cidr: 10.20.0.0/16
"""


def issues(text: str, source: str = "Pulumi.dev.yaml"):
    with pytest.raises(StackFileYamlError) as caught:
        parse_yaml(text, source)
    return caught.value.issues


def test_a_key_given_twice_in_one_mapping_names_the_key_path_and_both_lines():
    [issue] = issues(TWO_CIDRS)
    assert issue.path == "config.landfall:network.vpcs.main.cidr"
    assert issue.where == "Pulumi.dev.yaml:7:9"
    assert "given first at line 5:9" in issue.message and "silently win" in issue.message
    assert issue.fix == "keep one of the two (lines 5 and 7)"


def test_every_duplicate_is_reported_at_once_including_top_level_sections_and_list_items():
    text = """\
config:
  landfall:stack: {kind: workload}
  landfall:stack: {kind: network}
  landfall:services:
    orders:
      routes:
        - {path: /a, path: /b}
"""
    assert [i.path for i in issues(text)] == ["config.landfall:stack", "config.landfall:services.orders.routes[0].path"]


def test_the_same_key_in_sibling_mappings_is_not_a_duplicate():
    assert parse_yaml("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_keys_are_compared_by_their_type_as_well_as_their_text():
    assert parse_yaml("a: {1: x, '1': y}\n") == {"a": {1: "x", "1": "y"}}
    assert [i.path for i in issues("a: {cidr: x, 'cidr': y}\n")] == ["a.cidr"]


def test_a_merge_key_may_be_overridden():
    assert parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  x: 2\n")["other"] == {"x": 2}


def test_documents_read_exactly_as_safe_load_does():
    text = (ROOT / "Pulumi.prod.yaml").read_text()
    import yaml

    assert parse_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text, where", [
    ("config:\n  landfall:stack:\n    kind: workload\n   region: eu-west-1\n", "Pulumi.dev.yaml:4:4"),
    ("config:\n  landfall:stack: {kind: workload\n", "Pulumi.dev.yaml:3:1"),
    ("config:\n  a: 'unclosed\n", "Pulumi.dev.yaml:3:1"),
    ("config:\n  a: b: c\n", "Pulumi.dev.yaml:2:7"),
])
def test_a_syntax_error_names_the_file_line_and_column_not_the_parser_internals(text, where):
    [issue] = issues(text)
    assert issue.where == where
    assert "<unicode string>" not in issue.message and issue.message.startswith("is not valid YAML")


def test_an_empty_document_is_none():
    assert parse_yaml("") is None


@pytest.fixture
def project(tmp_path) -> Path:
    for stack_file in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, tmp_path / stack_file.name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def test_the_loader_reports_a_duplicate_as_a_config_problem_with_the_landfall_key_path(project):
    dev = project / "Pulumi.dev.yaml"
    dev.write_text(dev.read_text().replace("        cidr: 10.10.0.0/16\n", "        cidr: 10.10.0.0/16\n        cidr: 10.99.0.0/16\n", 1))
    with pytest.raises(ConfigError) as caught:
        read_stack_file("dev", project)
    [problem] = caught.value.problems
    assert problem.path.startswith("Pulumi.dev.yaml:") and problem.path.endswith(": landfall:network.vpcs.main.cidr")
    assert problem.fix.startswith("keep one of the two")


def test_the_loader_reports_a_broken_baseline_template_by_its_path(project):
    (project / "templates" / "baseline.yaml").write_text("config:\n  landfall:stack: [\n")
    with pytest.raises(ConfigError) as caught:
        read_stack_file("baseline-sandbox", project)
    assert caught.value.problems[0].path.startswith("templates/baseline.yaml:")


@pytest.mark.parametrize("content, path, fragment", [
    (b"- config\n- landfall:stack\n", "Pulumi.dev.yaml", "must be a mapping with a config: key, not a list"),
    (b"just words\n", "Pulumi.dev.yaml", "not a string"),
    (b"config:\n  - landfall:stack\n", "Pulumi.dev.yaml: config", "must be a mapping, not a list"),
    (b"config:\n  12: x\n", "Pulumi.dev.yaml: config", "key that is not a string"),
    (b"config:\n  landfall:stack: {environment: d\xe9v}\n", "Pulumi.dev.yaml", "not UTF-8"),
])
def test_a_stack_file_that_is_not_a_config_mapping_is_a_problem_naming_the_file_not_a_traceback(project, content, path, fragment):
    (project / "Pulumi.dev.yaml").write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        read_stack_file("dev", project)
    [problem] = caught.value.problems
    assert problem.path == path and fragment in problem.message, problem.render()


def test_a_file_without_config_reads_as_no_keys(tmp_path):
    (tmp_path / "Pulumi.x.yaml").write_text("encryptionsalt: abc\n")
    assert read_stack_config(tmp_path / "Pulumi.x.yaml") == {}


def test_another_broken_stack_file_is_left_to_its_own_validation(project):
    (project / "Pulumi.staging.yaml").write_text("- not a mapping\n")
    configs = stack_file_configs(project)
    assert "staging" not in configs and "dev" in configs
    assert read_stack_file("dev", project)["landfall:stack"]["kind"] == "workload"


def test_a_hub_whose_stack_file_is_broken_is_one_problem_of_the_spoke(project):
    (project / "Pulumi.network.yaml").write_text("config:\n  landfall:stack: {kind: network}\n  landfall:stack: {}\n")
    problem = load_hub(project, "organization/landfall/network")
    assert problem.path == "landfall:transit.hub_stack" and "Pulumi.network.yaml:3:3: landfall:stack: repeats the key" in problem.message
    assert "make preview STACK=network" in problem.fix
