"""The README's stack table states each stack's AWS resource count and idle cost: both come from the preview."""

from __future__ import annotations

import re

import pytest

from landfall.offline.report import report_for
from landfall.offline.synth import ROOT
from tests.conftest import synthesized

ROW = re.compile(r"^\| `(?P<stack>[a-z-]+)` \|.*\| (?P<resources>\d+) \| \$(?P<cost>[\d,]+\.\d\d) \|$")


def readme_rows() -> dict[str, tuple[int, str]]:
    rows = {}
    for line in (ROOT / "README.md").read_text().splitlines():
        match = ROW.match(line)
        if match:
            rows[match["stack"]] = (int(match["resources"]), match["cost"])
    return rows


@pytest.mark.parametrize("stack", ["management", "network", "dev", "staging", "prod", "baseline-sandbox"])
def test_the_readme_states_the_stacks_resource_count_and_idle_cost_as_the_preview_computes_them(stack):
    report = report_for(synthesized(stack))
    aws_resources = sum(1 for r in report.inventory.custom() if not r.type.startswith("pulumi:"))
    cost = f"{report.cost.to_json()['monthly_fixed_total']:,.2f}"
    assert readme_rows().get(stack) == (aws_resources, cost), f"update the README stacks table: {aws_resources}, ${cost}"


@pytest.mark.parametrize("stack", ["management", "network", "dev", "staging", "prod", "baseline-sandbox"])
def test_no_sample_stacks_idle_cost_rests_on_a_price_unconfirmed_for_its_region(stack):
    cost = report_for(synthesized(stack)).cost.to_json()
    unconfirmed = {name for row in cost["by_resource"] for name in row["unconfirmed_prices"]}
    assert (cost["monthly_unconfirmed"], unconfirmed) == (0, set()), "confirm these in landfall/cost/prices.json (evidence per entry)"
