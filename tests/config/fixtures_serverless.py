"""Valid `landfall:services` and `landfall:identity` configs for dev and prod, as the YAML that goes
under `config:` in Pulumi.dev.yaml / Pulumi.prod.yaml, parsed the way the offline loader parses it.

The sample is the "orders" service: an API (POST /orders, GET /orders/{order_id}), a queue worker,
a fulfillment workflow, a nightly job, and the orders and idempotency tables. Functions return deep
copies, so a test may edit its copy freely.
"""

from __future__ import annotations

import copy
from typing import Any, Sequence, Union

import yaml

from landfall.config.context import Context
from landfall.config.identity import IdentityConfig
from landfall.config.serverless import ServicesConfig
from landfall.config.stack import StackSettings

DEV_YAML = """\
landfall:identity:
  domain_prefix: acme-orders-dev
  user_pool:
    self_sign_up: true
  app_client:
    callback_urls:
      - http://localhost:3000/callback
      - https://orders.dev.example.com/callback
    logout_urls:
      - http://localhost:3000/
      - https://orders.dev.example.com/
    scopes: [openid, email, orders/read, orders/write]
  resource_server:
    identifier: orders
    name: Orders API
    scopes:
      read: Read your own orders
      write: Place orders
  identity_pool:
    row_level_access:
      - table: orders.orders
        access: read
landfall:services:
  account_concurrency_limit: 1000
  orders:
    functions:
      create_order:
        handler: services.orders.api.lambda_handler
        uses:
          tables: {orders: read_write, idempotency: read_write}
          queues: [orders]
        timeout_s: 10
        reserved_concurrency: 20
        environment:
          POWERTOOLS_SERVICE_NAME: orders
          LOG_LEVEL: DEBUG
        log_retention_days: 30
      get_order:
        handler: services.orders.api.lambda_handler
        uses:
          tables: {orders: read_write, idempotency: read_write}
          queues: [orders]
        timeout_s: 5
        reserved_concurrency: 20
        environment:
          POWERTOOLS_SERVICE_NAME: orders
          LOG_LEVEL: DEBUG
        log_retention_days: 30
      queue_worker:
        handler: services.orders.worker.lambda_handler
        uses: {workflows: [fulfillment]}
        timeout_s: 30
        reserved_concurrency: 10
        log_retention_days: 30
      reserve_stock:
        handler: services.orders.fulfillment.reserve_stock
        uses: {tables: {orders: read_write}}
        log_retention_days: 30
      charge_payment:
        handler: services.orders.fulfillment.charge_payment
        uses: {tables: {orders: read_write}}
        timeout_s: 20
        log_retention_days: 30
      mark_fulfilled:
        handler: services.orders.fulfillment.mark_fulfilled
        uses: {tables: {orders: read_write}}
        log_retention_days: 30
      mark_failed:
        handler: services.orders.fulfillment.mark_failed
        uses: {tables: {orders: read_write}}
        log_retention_days: 30
      nightly:
        handler: services.orders.nightly.lambda_handler
        uses: {tables: {orders: read_write}}
        memory_mb: 512
        timeout_s: 300
        log_retention_days: 30
    api:
      stage_name: v1
      throttle: {rate_limit: 20, burst_limit: 40}
      access_log_retention_days: 30
      routes:
        - method: POST
          path: /orders
          function: create_order
          scopes: [orders/write]
          body_model: CreateOrder
        - method: GET
          path: "/orders/{order_id}"
          function: get_order
          scopes: [orders/read]
    tables:
      orders:
        partition_key: owner_id
        sort_key: order_id
        global_secondary_indexes:
          status-created_at:
            partition_key: status
            sort_key: created_at
      idempotency:
        partition_key: id
        ttl_attribute: expiration
    queues:
      orders:
        consumer: queue_worker
        batch_size: 10
        max_receive_count: 5
    schedules:
      nightly:
        expression: cron(0 2 * * ? *)
        function: nightly
    workflows:
      fulfillment:
        definition: services.orders.workflow:build_definition
        tasks:
          ReserveStock: reserve_stock
          ChargePayment: charge_payment
          MarkFulfilled: mark_fulfilled
          MarkFailed: mark_failed
        log_level: ALL
        log_retention_days: 30
    alarms:
      email: [orders-dev@example.com]
"""

PROD_YAML = """\
landfall:identity:
  domain_prefix: acme-orders
  user_pool:
    self_sign_up: true
    mfa: "ON"
  app_client:
    callback_urls:
      - https://orders.example.com/callback
    logout_urls:
      - https://orders.example.com/
    scopes: [openid, email, orders/read, orders/write]
  resource_server:
    identifier: orders
    name: Orders API
    scopes:
      read: Read your own orders
      write: Place orders
  identity_pool:
    row_level_access:
      - table: orders.orders
        access: read
landfall:services:
  account_concurrency_limit: 1000
  orders:
    functions:
      create_order:
        handler: services.orders.api.lambda_handler
        uses:
          tables: {orders: read_write, idempotency: read_write}
          queues: [orders]
        memory_mb: 512
        timeout_s: 10
        reserved_concurrency: 100
        provisioned_concurrency: 5
        environment:
          POWERTOOLS_SERVICE_NAME: orders
          LOG_LEVEL: INFO
      get_order:
        handler: services.orders.api.lambda_handler
        uses:
          tables: {orders: read_write, idempotency: read_write}
          queues: [orders]
        memory_mb: 512
        timeout_s: 5
        reserved_concurrency: 100
        provisioned_concurrency: 5
        environment:
          POWERTOOLS_SERVICE_NAME: orders
          LOG_LEVEL: INFO
      queue_worker:
        handler: services.orders.worker.lambda_handler
        uses: {workflows: [fulfillment]}
        timeout_s: 30
        reserved_concurrency: 50
      reserve_stock:
        handler: services.orders.fulfillment.reserve_stock
        uses: {tables: {orders: read_write}}
      charge_payment:
        handler: services.orders.fulfillment.charge_payment
        uses: {tables: {orders: read_write}}
        timeout_s: 20
      mark_fulfilled:
        handler: services.orders.fulfillment.mark_fulfilled
        uses: {tables: {orders: read_write}}
      mark_failed:
        handler: services.orders.fulfillment.mark_failed
        uses: {tables: {orders: read_write}}
      nightly:
        handler: services.orders.nightly.lambda_handler
        uses: {tables: {orders: read_write}}
        memory_mb: 1024
        timeout_s: 600
    api:
      stage_name: v1
      routes:
        - method: POST
          path: /orders
          function: create_order
          scopes: [orders/write]
          body_model: CreateOrder
        - method: GET
          path: "/orders/{order_id}"
          function: get_order
          scopes: [orders/read]
    tables:
      orders:
        partition_key: owner_id
        sort_key: order_id
        stream: NEW_AND_OLD_IMAGES
        global_secondary_indexes:
          status-created_at:
            partition_key: status
            sort_key: created_at
      idempotency:
        partition_key: id
        ttl_attribute: expiration
    queues:
      orders:
        consumer: queue_worker
        batch_size: 10
        max_receive_count: 5
        max_concurrency: 20
    schedules:
      nightly:
        expression: cron(0 2 * * ? *)
        function: nightly
    workflows:
      fulfillment:
        definition: services.orders.workflow:build_definition
        tasks:
          ReserveStock: reserve_stock
          ChargePayment: charge_payment
          MarkFulfilled: mark_fulfilled
          MarkFailed: mark_failed
    alarms:
      email: [oncall@example.com]
"""

_PARSED = {"dev": yaml.safe_load(DEV_YAML), "prod": yaml.safe_load(PROD_YAML)}
PRODUCTION = {"dev": False, "prod": True}


def section(stack: str, name: str) -> dict[str, Any]:
    """A deep copy of one `landfall:<name>` section of the stack's sample."""
    return copy.deepcopy(_PARSED[stack][f"landfall:{name}"])


def services_data(stack: str = "dev") -> dict[str, Any]:
    return section(stack, "services")


def identity_data(stack: str = "dev") -> dict[str, Any]:
    return section(stack, "identity")


def context(stack: str = "dev") -> Context:
    settings = StackSettings(
        kind="workload", environment=stack, production=PRODUCTION[stack], region="eu-west-1", account=stack
    )
    return Context(stack, settings, {})


def services(data: dict[str, Any]) -> ServicesConfig:
    return ServicesConfig.model_validate(data)


def identity(data: dict[str, Any]) -> IdentityConfig:
    return IdentityConfig.model_validate(data)


Key = Union[str, int]


def patch(data: dict[str, Any], keys: Sequence[Key], value: Any) -> dict[str, Any]:
    """Set data[k0][k1]...[kn] = value (creating mappings on the way) and return data."""
    node: Any = data
    for key in keys[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
    node[keys[-1]] = value
    return data
