"""DynamoDB tables of a service: keys, indexes, capacity, TTL, streams."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from .. import limits as L
from ..base import StrictModel
from ..errors import Problem
from .common import GSI_NAME_PATTERN, AttributeType, Billing, Projection, StreamView, _key_name_problems

# --- DynamoDB ---------------------------------------------------------------------------------------


class ScalingRange(StrictModel):
    min: int = Field(description="Lowest provisioned capacity units.")
    max: int = Field(description="Highest provisioned capacity units.")


class CapacityConfig(StrictModel):
    read: ScalingRange
    write: ScalingRange
    target_utilization: int = Field(default=70, description="Auto scaling target, percent. Default: 70 (the console's default).")


class IndexConfig(StrictModel):
    partition_key: str = Field(description="Partition key attribute of the index.")
    sort_key: Optional[str] = Field(default=None, description="Sort key attribute of the index. Default: none.")
    projection: Projection = Field(default=Projection.ALL, description="Default: ALL (queries never need a second read).")
    non_key_attributes: list[str] = Field(default_factory=list, description="Attributes projected with projection: INCLUDE. Default: none.")


class StreamConsumerConfig(StrictModel):
    """A function reading the table's stream (an event source mapping), with failures kept, not lost."""

    function: str = Field(description="Key of the service's function that consumes the stream.")
    batch_size: int = Field(default=100, description="Records per invocation, 1-10,000. Default: 100 (the Lambda default).")
    batching_window_s: int = Field(default=0, description="Seconds to gather a batch, 0-300. Default: 0 (invoke as soon as records arrive).")
    bisect_on_error: bool = Field(default=True, description="Split a failing batch to find the bad record. Default: true (one poison record does not block the shard).")
    retry_attempts: int = Field(default=3, description="Retries of a failing batch, -1 (until the record expires) to 10,000. Default: 3.")
    max_record_age_s: int = Field(default=3600, description="Records older than this go to the failure queue: -1, or 60-604,800. Default: 3,600.")
    starting_position: str = Field(default="LATEST", description="LATEST | TRIM_HORIZON. Default: LATEST.")


class TableConfig(StrictModel):
    partition_key: str = Field(description="Partition key attribute name.")
    sort_key: Optional[str] = Field(default=None, description="Sort key attribute name. Default: none (a key-value table).")
    attributes: dict[str, AttributeType] = Field(
        default_factory=dict,
        description="Types of key attributes (table and index keys). Default for a key not listed: S. "
        "List only key attributes: DynamoDB rejects definitions no key uses.",
    )
    ttl_attribute: Optional[str] = Field(default=None, description="Attribute holding an epoch-seconds expiry. Default: none (items live until deleted).")
    billing: Billing = Field(default=Billing.ON_DEMAND, description="Default: ON_DEMAND (scales with demand, DynamoDB.1; no idle cost).")
    capacity: Optional[CapacityConfig] = Field(default=None, description="Required with PROVISIONED billing: auto scaling bounds (DynamoDB.1).")
    stream: Optional[StreamView] = Field(default=None, description="DynamoDB stream view type. Default: none (nothing consumes it; stream reads are billed).")
    global_secondary_indexes: dict[str, IndexConfig] = Field(default_factory=dict, description="GSIs keyed by index name. Default: none (each index doubles write cost).")
    deletion_protection: Optional[bool] = Field(default=None, description="DynamoDB.6. Default: on in production, off elsewhere (dev tables can be torn down).")
    replicas: list[str] = Field(
        default_factory=list,
        description="Regions of global-table replicas (governed regions other than the stack's). Each replica is "
        "encrypted with a key of its own region and has point-in-time recovery; the stream is NEW_AND_OLD_IMAGES, "
        "as replication requires. Default: none.",
    )
    stream_consumer: Optional[StreamConsumerConfig] = Field(
        default=None, description="A function consuming the table's stream (needs stream). Default: none.")
    backup_plan: Optional[str] = Field(
        default=None, description="The landfall:recovery plan that backs the table up (its landfall:backup-plan tag). "
        "Default: the recovery section's default plan.")

    @property
    def stream_view(self) -> Optional[StreamView]:
        """The stream the table gets: the configured one; NEW_AND_OLD_IMAGES for a global table without one."""
        if self.stream is None and self.replicas:
            return StreamView.NEW_AND_OLD_IMAGES
        return self.stream

    def replica_problems(self, path: str, home: str, governed: tuple[str, ...]) -> list[Problem]:
        """Global-table rules: replicas in other governed regions, once each, with the stream replication needs."""
        found: list[Problem] = []
        seen: set[str] = set()
        for i, region in enumerate(self.replicas):
            where = f"{path}.replicas[{i}]"
            if region == home:
                found.append(Problem(where, "is the stack's own region, where the table itself lives", "list only other regions", region))
            elif region not in governed:
                found.append(Problem(where, f"is not a governed region ({', '.join(governed)}): the region allow-list SCP denies it",
                                     "use a governed region, or add it to landfall:organization.governed_regions", region))
            if region in seen:
                found.append(Problem(where, "repeats a region", "list each region once", region))
            seen.add(region)
        if self.replicas and self.stream not in (None, StreamView.NEW_AND_OLD_IMAGES):
            found.append(Problem(f"{path}.stream", "global tables replicate through a NEW_AND_OLD_IMAGES stream",
                                 "set stream: NEW_AND_OLD_IMAGES, or leave it out", self.stream.value))
        if self.replicas and self.billing == Billing.PROVISIONED:
            found.append(Problem(f"{path}.billing", "replicas of a provisioned table need their own auto scaling, which landfall "
                                 "does not declare", "use billing: ON_DEMAND for a global table", self.billing.value))
        return found

    def consumer_problems(self, path: str) -> list[Problem]:
        c = self.stream_consumer
        if c is None:
            return []
        where = f"{path}.stream_consumer"
        found: list[Problem] = []
        if self.stream_view is None:
            found.append(Problem(f"{path}.stream", "is needed by stream_consumer", "set stream: NEW_AND_OLD_IMAGES (or another view)", None))
        for field_name, value, low, high in (("batch_size", c.batch_size, 1, 10_000), ("batching_window_s", c.batching_window_s, 0, 300),
                                             ("retry_attempts", c.retry_attempts, -1, 10_000)):
            if not low <= value <= high:
                found.append(Problem(f"{where}.{field_name}", f"must be {low}-{high:,}", "use the default", value))
        if c.max_record_age_s != -1 and not 60 <= c.max_record_age_s <= 604_800:
            found.append(Problem(f"{where}.max_record_age_s", "must be -1 or 60-604,800 seconds", "use 3600", c.max_record_age_s))
        if c.starting_position not in ("LATEST", "TRIM_HORIZON"):
            found.append(Problem(f"{where}.starting_position", "must be LATEST or TRIM_HORIZON", "use LATEST", c.starting_position))
        return found

    @property
    def point_in_time_recovery(self) -> bool:
        """Always on (DynamoDB.2): the cheapest insurance there is."""
        return True

    def deletion_protection_enabled(self, production: bool) -> bool:
        return self.deletion_protection if self.deletion_protection is not None else production

    def key_attributes(self) -> dict[str, AttributeType]:
        """Every attribute some key of the table or an index uses, with its type (the AttributeDefinitions)."""
        names = [self.partition_key, self.sort_key]
        for index in self.global_secondary_indexes.values():
            names += [index.partition_key, index.sort_key]
        return {n: self.attributes.get(n, AttributeType.S) for n in dict.fromkeys(names) if n}

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        found += _key_name_problems(f"{path}.partition_key", self.partition_key)
        if self.sort_key is not None:
            found += _key_name_problems(f"{path}.sort_key", self.sort_key)
            if self.sort_key == self.partition_key:
                found.append(Problem(f"{path}.sort_key", "is the same attribute as the partition key", "use a different attribute, or remove sort_key", self.sort_key))
        used = self.key_attributes()
        for name in self.attributes:
            if name not in used:
                found.append(Problem(f"{path}.attributes.{name}", "is not a key of the table or of an index; DynamoDB rejects attribute definitions no key uses", "remove it: non-key attributes need no declaration", name))
        if self.ttl_attribute is not None:
            found += _key_name_problems(f"{path}.ttl_attribute", self.ttl_attribute)
            if self.ttl_attribute in used and used[self.ttl_attribute] != AttributeType.N:
                found.append(Problem(f"{path}.ttl_attribute", "is a key attribute that is not a number; TTL needs epoch seconds (N)", "use a separate number attribute such as expiration", self.ttl_attribute))
        if self.billing == Billing.PROVISIONED and self.capacity is None:
            found.append(Problem(f"{path}.capacity", "PROVISIONED billing needs read and write capacity with auto scaling (DynamoDB.1)", "add capacity: {read: {min: 5, max: 50}, write: {min: 5, max: 50}}, or use billing: ON_DEMAND"))
        if self.billing == Billing.ON_DEMAND and self.capacity is not None:
            found.append(Problem(f"{path}.capacity", "only applies to PROVISIONED billing", "remove capacity, or set billing: PROVISIONED"))
        if self.capacity is not None:
            for kind, rng in (("read", self.capacity.read), ("write", self.capacity.write)):
                if rng.min < 1 or rng.max < rng.min:
                    found.append(Problem(f"{path}.capacity.{kind}", "needs 1 <= min <= max", "e.g. {min: 5, max: 50}", {"min": rng.min, "max": rng.max}))
            if not L.DYNAMODB_MIN_TARGET_UTILIZATION <= self.capacity.target_utilization <= L.DYNAMODB_MAX_TARGET_UTILIZATION:
                found.append(Problem(f"{path}.capacity.target_utilization", f"must be {L.DYNAMODB_MIN_TARGET_UTILIZATION}-{L.DYNAMODB_MAX_TARGET_UTILIZATION} percent", "use e.g. 70", self.capacity.target_utilization))
        if len(self.global_secondary_indexes) > L.DYNAMODB_MAX_GSIS:
            found.append(Problem(f"{path}.global_secondary_indexes", f"a table has at most {L.DYNAMODB_MAX_GSIS} global secondary indexes (default quota)", "drop or merge indexes", len(self.global_secondary_indexes)))
        projected: set[str] = set()
        for name, index in self.global_secondary_indexes.items():
            where = f"{path}.global_secondary_indexes.{name}"
            if not GSI_NAME_PATTERN.match(name):
                found.append(Problem(where, "index names are 3-255 letters, digits, '_', '-' or '.'", "rename the index, e.g. status-created_at", name))
            found += _key_name_problems(f"{where}.partition_key", index.partition_key)
            if index.sort_key is not None:
                found += _key_name_problems(f"{where}.sort_key", index.sort_key)
                if index.sort_key == index.partition_key:
                    found.append(Problem(f"{where}.sort_key", "is the same attribute as the index's partition key", "use a different attribute, or remove sort_key", index.sort_key))
            if index.projection == Projection.INCLUDE and not index.non_key_attributes:
                found.append(Problem(f"{where}.non_key_attributes", "projection INCLUDE needs the attributes to include", "list them, or use projection: ALL or KEYS_ONLY", index.non_key_attributes))
            if index.projection != Projection.INCLUDE and index.non_key_attributes:
                found.append(Problem(f"{where}.non_key_attributes", "only applies to projection: INCLUDE", "remove it, or set projection: INCLUDE", index.non_key_attributes))
            projected |= set(index.non_key_attributes)
        found += self.consumer_problems(path)
        if len(projected) > L.DYNAMODB_MAX_PROJECTED_ATTRIBUTES:
            found.append(Problem(f"{path}.global_secondary_indexes", f"project {len(projected)} distinct non-key attributes; DynamoDB allows {L.DYNAMODB_MAX_PROJECTED_ATTRIBUTES} over all indexes", "use projection: ALL on the wide indexes", len(projected)))
        return found
