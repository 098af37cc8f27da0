"""The Mermaid diagram: drawn from the stack files, and the README's copy kept in sync."""

from __future__ import annotations

import re

import pytest

from landfall.offline.synth import ROOT, stack_names
from landfall.plan.diagram import README_END, README_START, embed, render, stack_configs


@pytest.fixture(scope="module")
def mermaid():
    return render(stack_configs(stack_names(ROOT), ROOT))


def test_the_readme_embeds_the_current_diagram(mermaid):
    readme = (ROOT / "README.md").read_text()
    assert README_START in readme, "run `python -m landfall diagram --write`"
    assert embed(readme, mermaid) == readme, "the README diagram is stale: run `python -m landfall diagram --write`"


def test_every_vpc_of_every_stack_is_drawn_with_its_cidr(mermaid):
    for stack, config in stack_configs(stack_names(ROOT), ROOT).items():
        for name, vpc in config.network.vpcs.items():
            assert f"VPC {stack}/{name}<br/>{vpc.cidr}" in mermaid


def test_every_segment_and_attachment_is_drawn(mermaid):
    assert re.search(r'seg_network_prod\{\{"segment prod"\}\}', mermaid)
    assert "vpc_prod_main --- seg_network_prod" in mermaid
    assert "vpc_dev_main --- seg_network_nonprod" in mermaid


def test_node_ids_are_unique_definitions(mermaid):
    defined = re.findall(r"^\s+(\w+)[\[\{\(]", mermaid, flags=re.M)
    assert len(defined) == len(set(defined))


def test_embedding_replaces_only_the_block():
    readme = f"intro\n{README_START}\nold\n{README_END}\noutro\n"
    out = embed(readme, "flowchart LR\n")
    assert out.startswith("intro\n") and out.endswith("\noutro\n") and "old" not in out
