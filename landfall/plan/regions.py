"""Region names per partition, from botocore's bundled endpoint data (no hand-typed list).

botocore ships `endpoints.json` with every release and boto3 pins it, so `pip install -r requirements.txt`
refreshes the list with the SDK: a region AWS launched after our botocore pin is rejected until the pin
moves (the fix the error gives). Pure: no pulumi, no network.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

PARTITIONS = ("aws", "aws-us-gov", "aws-cn")


@lru_cache(maxsize=None)
def _endpoint_partitions() -> dict[str, tuple[str, ...]]:
    from botocore.loaders import create_loader

    data = create_loader().load_data("endpoints")
    return {p["partition"]: tuple(sorted(p["regions"])) for p in data["partitions"]}


def regions(partition: str = "aws") -> tuple[str, ...]:
    """Every region botocore knows in the partition, sorted."""
    return _endpoint_partitions().get(partition, ())


def partition_of(region: str) -> str | None:
    return next((p for p, names in _endpoint_partitions().items() if region in names), None)


def is_region(region: str, partition: str = "aws") -> bool:
    return region in regions(partition)


def region_problem(region: str, partition: str = "aws") -> tuple[str, str] | None:
    """(message, fix) when `region` is not a region of `partition`, else None."""
    if is_region(region, partition):
        return None
    other = partition_of(region) if isinstance(region, str) else None
    if other is not None:
        return (f"is a region of partition {other}, not {partition}",
                f"use a {partition} region, or set landfall:stack.partition: {other}")
    close = difflib.get_close_matches(str(region), regions(partition), n=1, cutoff=0.6)
    fix = f"did you mean {close[0]}?" if close else f"use one of {', '.join(regions(partition)[:6])}, ..."
    return ("is not an AWS region", fix + " (names come from botocore's endpoint data; upgrade boto3 for a region "
            "launched after it)")


class GovernedRegions:
    """The organization's governed regions: the home region first, then the others in name order.

    Logical names of regional resources take `suffix(region)`: nothing in the home region (the names that
    existed before regions were added stay as they are), `-<region>` elsewhere. Adding a region adds names.
    """

    __slots__ = ("home", "regions")

    def __init__(self, home: str, regions: tuple[str, ...] | list[str] = ()) -> None:
        self.home = home
        self.regions: tuple[str, ...] = (home, *sorted(set(regions) - {home}))

    @property
    def others(self) -> tuple[str, ...]:
        return self.regions[1:]

    def suffix(self, region: str) -> str:
        return "" if region == self.home else f"-{region}"

    def __iter__(self):
        return iter(self.regions)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GovernedRegions) and (self.home, self.regions) == (other.home, other.regions)

    def __repr__(self) -> str:
        return f"GovernedRegions(home={self.home!r}, regions={self.regions!r})"
