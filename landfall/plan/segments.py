"""Pure transit-gateway segmentation planning (no pulumi import).

A *segment* is one transit-gateway route table (LZA's Core / Segregated / Shared pattern). Every
attachment is **associated** with the table of its own segment: that table decides where the
attachment's traffic may go. An attachment is **propagated** into the table of every segment that may
send traffic to it, so its routes appear only where a rule allows.

Rules say which segments may reach which. A rule is two-way unless it says ``one_way``: traffic over a
transit gateway needs routes in both directions, so a one-way rule (replies have no route back) is
allowed only when written explicitly. Two segments without a rule between them never see each other's
routes: a prod attachment is never propagated into a nonprod table unless a rule says so.

Central egress adds static routes: ``0.0.0.0/0`` to the egress attachment in the tables of the segments
that use it, plus blackhole routes for the private ranges, so traffic to a segment that may not be reached
is dropped at the transit gateway instead of hairpinning through the egress VPC's NAT gateways
(propagated routes are more specific and still win).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from landfall.config.errors import Problem

ANYWHERE = "0.0.0.0/0"
# Blackholed in egress segments by default: every private range a spoke could be numbered from.
PRIVATE_RANGES = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
SEGMENT_NAME = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
# Transit gateway route tables per transit gateway (AWS default quota).
MAX_ROUTE_TABLES = 20


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    # Attachments of the segment do not reach each other (LZA "segregated"); false: they do ("core").
    isolated: bool = True


@dataclass(frozen=True)
class Rule:
    """Attachments of ``source`` may send to attachments of ``target`` (and back, unless one_way)."""

    source: str
    target: str
    one_way: bool = False


@dataclass(frozen=True)
class AttachmentSpec:
    key: str  # stable key: the VPC name (one attachment per VPC)
    segment: str


@dataclass(frozen=True)
class Association:
    attachment: str
    segment: str


@dataclass(frozen=True)
class Propagation:
    attachment: str
    segment: str  # the segment whose route table receives the attachment's routes


@dataclass(frozen=True)
class StaticRoute:
    segment: str
    cidr: str
    blackhole: bool  # False: to the egress attachment

    @property
    def key(self) -> str:
        return f"{self.segment}-{'blackhole' if self.blackhole else 'egress'}-{cidr_key(self.cidr)}"


@dataclass(frozen=True)
class SegmentPlan:
    associations: tuple[Association, ...]
    propagations: tuple[Propagation, ...]

    def propagated_into(self, attachment: str) -> tuple[str, ...]:
        return tuple(p.segment for p in self.propagations if p.attachment == attachment)

    def associated_with(self, attachment: str) -> str:
        return next(a.segment for a in self.associations if a.attachment == attachment)


def cidr_key(cidr: str) -> str:
    """`10.0.0.0/8` -> `10-0-0-0-8`: a name-safe, stable key for a destination."""
    return cidr.replace(".", "-").replace("/", "-")


def reach(segments: Mapping[str, SegmentSpec], rules: Sequence[Rule]) -> dict[str, frozenset[str]]:
    """Segment -> the segments its route table holds routes to (where its attachments may send)."""
    out: dict[str, set[str]] = {name: set() if spec.isolated else {name} for name, spec in segments.items()}
    for rule in rules:
        if rule.source in out and rule.target in segments:
            out[rule.source].add(rule.target)
        if not rule.one_way and rule.target in out and rule.source in segments:
            out[rule.target].add(rule.source)
    return {name: frozenset(targets) for name, targets in out.items()}


def plan_segments(segments: Mapping[str, SegmentSpec], rules: Sequence[Rule], attachments: Iterable[AttachmentSpec]) -> SegmentPlan:
    """Associations and propagations for the given attachments. Validate first: unknown segments raise KeyError."""
    reaches = reach(segments, rules)
    associations, propagations = [], []
    for att in sorted(attachments, key=lambda a: a.key):
        if att.segment not in segments:
            raise KeyError(f"attachment {att.key!r} names unknown segment {att.segment!r}")
        associations.append(Association(att.key, att.segment))
        for table in sorted(segments):
            if att.segment in reaches[table]:
                propagations.append(Propagation(att.key, table))
    return SegmentPlan(tuple(associations), tuple(propagations))


def plan_egress_routes(users: Iterable[str], blackholes: Sequence[str] = PRIVATE_RANGES) -> tuple[StaticRoute, ...]:
    """Static routes of central egress: a default route and the blackholes, in each user segment's table."""
    routes = []
    for segment in sorted(set(users)):
        routes.append(StaticRoute(segment, ANYWHERE, blackhole=False))
        routes += [StaticRoute(segment, cidr, blackhole=True) for cidr in blackholes]
    return tuple(routes)


def validate_segments(path: str, segments: Mapping[str, SegmentSpec], rules: Sequence[Rule]) -> list[Problem]:
    """Every problem with the segments and rules. ``path`` is the hub's key path (`landfall:transit.hub`)."""
    found: list[Problem] = []
    known = ", ".join(sorted(segments)) or "none declared"
    if not segments:
        found.append(Problem(f"{path}.segments", "declares no segment", "declare at least one, e.g. segments: {prod: {}, nonprod: {}, shared: {}}"))
    if len(segments) > MAX_ROUTE_TABLES:
        found.append(Problem(f"{path}.segments", f"{len(segments)} segments need more than the {MAX_ROUTE_TABLES} route tables a transit gateway allows by default", "merge segments or raise the quota first", len(segments)))
    for name in segments:
        if not SEGMENT_NAME.match(name):
            found.append(Problem(f"{path}.segments.{name}", "segment names must be 1-24 lowercase letters, digits or hyphens", "rename the key, e.g. nonprod", name))
    seen: dict[tuple, int] = {}
    for i, rule in enumerate(rules):
        where = f"{path}.rules[{i}]"
        bad = False
        for key, value in (("from", rule.source), ("to", rule.target)):
            if value not in segments:
                found.append(Problem(f"{where}.{key}", "names an unknown segment", f"use one of {known}, or declare it under {path}.segments", value))
                bad = True
        if bad:
            continue
        if rule.source == rule.target:
            found.append(Problem(where, "a rule from a segment to itself", f"set {path}.segments.{rule.source}.isolated: false to let its attachments reach each other", rule.source))
            continue
        pair = (rule.source, rule.target) if rule.one_way else tuple(sorted((rule.source, rule.target)))
        identity = (pair, rule.one_way)
        if identity in seen:
            found.append(Problem(where, f"repeats rules[{seen[identity]}]", "remove one of them", f"{rule.source} -> {rule.target}"))
            continue
        seen[identity] = i
        if rule.one_way:
            reverse = ((rule.target, rule.source), True)
            if reverse in seen:
                found.append(Problem(f"{where}.one_way", f"rules[{seen[reverse]}] is the way back: the two one-way rules make one two-way rule", "replace both with one rule without one_way", True))
            if (tuple(sorted(pair)), False) in seen:
                found.append(Problem(f"{where}.one_way", "a two-way rule between these segments already exists", "remove this rule", True))
        elif any(((a, b), True) in seen for a, b in (pair, pair[::-1])):
            found.append(Problem(where, "a one-way rule between these segments already exists", "keep one of the two rules", f"{rule.source} <-> {rule.target}"))
    return found


def validate_segment_ref(path: str, segment: str, segments: Iterable[str], where: str) -> list[Problem]:
    """A reference to a segment (an attachment's, an egress user's) must name a declared segment."""
    names = sorted(segments)
    if segment in names:
        return []
    return [Problem(path, "names a segment that does not exist", f"use one of {', '.join(names) or 'none declared'} (declared in {where})", segment)]


def validate_cidrs(path: str, cidrs: Sequence[str], allow_default: bool = True) -> list[Problem]:
    """Destination CIDRs: valid IPv4 networks, listed once."""
    found: list[Problem] = []
    for i, cidr in enumerate(cidrs):
        try:
            net = ipaddress.ip_network(cidr, strict=True)
        except ValueError as err:
            found.append(Problem(f"{path}[{i}]", f"is not a valid IPv4 network ({err})", "write a network address with a prefix, e.g. 10.0.0.0/8", cidr))
            continue
        if net.version != 4:
            found.append(Problem(f"{path}[{i}]", "must be an IPv4 network", "use an IPv4 CIDR", cidr))
        elif not allow_default and net.prefixlen == 0:
            found.append(Problem(f"{path}[{i}]", "must not be the default route here", "list the exact ranges instead", cidr))
    if len(set(cidrs)) != len(cidrs):
        found.append(Problem(path, "lists a range twice", "list each range once", list(cidrs)))
    return found
