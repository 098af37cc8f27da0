"""`make bench` inputs: the synthetic project is a valid landing zone and the bare replay registers the same graph.
(Timings are the benchmark's business, never a test's.)"""

from __future__ import annotations

from landfall.config.loader import load_stack_file
from landfall.offline.bench import bare_program, synthetic_project
from landfall.offline.outputs import Where
from landfall.offline.synth import ROOT, referenced_outputs, run_program
from tests.conftest import synthesized


def test_the_synthetic_project_validates_and_declares_the_requested_vpcs():
    project = synthetic_project(vpcs=2)
    config = load_stack_file("bench", project)
    assert sorted(config.network.vpcs) == ["vpc00", "vpc01"]


def test_the_bare_replay_registers_the_same_resources_as_the_program():
    inv = synthesized("prod")
    references = referenced_outputs(inv.config, ROOT, ("prod",))
    where = Where(inv.config.stack.partition, inv.config.account().id, inv.config.stack.region)
    replay = run_program("prod", {}, bare_program(inv, references), where, references)
    assert sorted((r.type, r.name) for r in replay.recorded) == sorted((r.type, r.name) for r in inv.resources)
