"""LANDFALL_READ_ONLY=1 (the pull-request preview and drift jobs): the program runs with the read-only
landfall-preview role in every account, whatever role the stack file names."""

import json

import pytest

from landfall.offline.synth import ROOT, synthesize


def test_a_read_only_run_assumes_landfall_preview_in_every_account(monkeypatch):
    monkeypatch.setenv("LANDFALL_READ_ONLY", "1")
    inventory = synthesize("dev", ROOT)
    providers = inventory.of_type("pulumi:providers:aws")
    assert providers
    for provider in providers:
        [role] = json.loads(provider.inputs["assumeRoles"])
        assert role["roleArn"].endswith(":role/landfall-preview"), provider.urn


def test_a_deploy_run_keeps_the_roles_of_the_stack_file(monkeypatch):
    monkeypatch.delenv("LANDFALL_READ_ONLY", raising=False)
    inventory = synthesize("dev", ROOT)
    roles = {json.loads(p.inputs["assumeRoles"])[0]["roleArn"].rsplit("/", 1)[1]
             for p in inventory.of_type("pulumi:providers:aws") if "assumeRoles" in p.inputs}
    assert "landfall-preview" not in roles and roles


def test_an_unknown_read_only_value_is_a_config_error(monkeypatch):
    monkeypatch.setenv("LANDFALL_READ_ONLY", "yes")
    with pytest.raises(Exception) as err:
        synthesize("baseline-sandbox", ROOT)
    assert "LANDFALL_READ_ONLY" in str(err.value)
