"""The offline CLI as a user runs it: bad configs exit non-zero with the messages and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from tests.conftest import stack_values


def run_cli(args, cwd):
    return subprocess.run([sys.executable, "-m", "landfall", *args], cwd=cwd, capture_output=True, text=True, env=_env(cwd))


def _env(cwd):
    import os

    from landfall.offline.synth import ROOT

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_preview_json_has_the_stable_top_level_and_resource_keys():
    from landfall.offline.synth import ROOT

    result = run_cli(["preview", "dev", "--json"], ROOT)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"project", "stack", "resources", "outputs", "unknown_outputs"} <= set(doc)
    assert doc["project"] == "landfall" and doc["stack"] == "dev"
    keys = {"urn", "id", "type", "name", "parent", "provider", "custom", "protect", "dependencies", "inputs", "op", "import_id"}
    assert all(set(r) == keys for r in doc["resources"])
    subnet = next(r for r in doc["resources"] if r["type"] == "aws:ec2/subnet:Subnet")
    assert "cidrBlock" in subnet["inputs"] and "mapPublicIpOnLaunch" in subnet["inputs"]


def test_a_bad_config_exits_non_zero_with_every_message_and_no_traceback(tmp_path):
    from landfall.offline.synth import ROOT

    config = stack_values("dev")
    config["landfall:network"]["vpcs"]["main"]["cidr"] = "10.10.0.0/12"
    config["landfall:network"]["vpcs"]["main"]["bogus"] = 1
    (tmp_path / "Pulumi.dev.yaml").write_text(yaml.safe_dump({"config": config}))
    (tmp_path / "__main__.py").write_text((ROOT / "__main__.py").read_text())
    # run from the scratch project so its stack file is the one read
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from landfall.config.loader import load_stack_file; "
         "from landfall.config.errors import ConfigError\ntry:\n    load_stack_file('dev', '.')\nexcept ConfigError as e:\n    print(e.render(), file=sys.stderr); sys.exit(2)"],
        cwd=tmp_path, capture_output=True, text=True, env=_env(tmp_path),
    )
    assert result.returncode == 2
    assert "landfall:network.vpcs.main.bogus" in result.stderr
    assert "Traceback" not in result.stderr


def test_preview_of_an_unknown_stack_exits_2_naming_the_known_stacks():
    from landfall.offline.synth import ROOT

    result = run_cli(["preview", "qa"], ROOT)
    assert result.returncode == 2
    assert "no such stack file" in result.stderr and "'dev'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_pipe_ends_a_command_quietly_without_a_traceback():
    import subprocess
    import sys

    from landfall.offline.synth import ROOT

    # `landfall preview dev --json | head -1`: the reader closes after one line.
    proc = subprocess.Popen([sys.executable, "-m", "landfall", "preview", "dev", "--json"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_help_lists_the_stacks_files_and_generated_baselines(capsys):
    import pytest as _pytest

    from landfall.__main__ import main

    with _pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "stacks:" in out and "prod" in out and "baseline-sandbox" in out


def test_the_project_is_an_installable_package_with_a_landfall_console_script():
    import tomllib

    from landfall.offline.synth import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["landfall"] == "landfall.__main__:cli"
    import landfall.__main__ as cli_module

    assert callable(cli_module.cli)
    # make installs it (editable) into .venv, so `landfall` runs from any directory of the checkout
    assert "-e ." in (ROOT / "Makefile").read_text()
