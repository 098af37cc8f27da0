"""The app tier in every workload stack's recorded inventory: identity, API, functions, queues, tables."""

from __future__ import annotations

import json

from tests.conftest import regional_functions, synthesized

# Actions AWS does not scope to a resource, so `Resource: "*"` is the only form that works.
UNSCOPABLE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "ec2:CreateNetworkInterface",
                      "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                      "ec2:UnassignPrivateIpAddresses", "logs:CreateLogDelivery", "logs:GetLogDelivery",
                      "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
                      "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"}


def _statements(policy: str) -> list[dict]:
    statements = json.loads(policy)["Statement"]
    return statements if isinstance(statements, list) else [statements]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_every_api_method_requires_a_cognito_authorizer_with_scopes(workload):
    methods = workload.of_type("aws:apigateway/method:Method")
    assert methods, "the orders service declares routes"
    authorizers = {a.id for a in workload.of_type("aws:apigateway/authorizer:Authorizer")}
    for m in methods:
        assert m.inputs["authorization"] == "COGNITO_USER_POOLS", m.urn
        assert m.inputs["authorizerId"] in authorizers, m.urn
        assert m.inputs.get("authorizationScopes"), f"{m.urn} accepts any token of the pool"


def test_every_function_logs_to_its_own_kms_encrypted_log_group_with_retention(workload):
    groups = {g.inputs["name"]: g for g in workload.of_type("aws:cloudwatch/logGroup:LogGroup")}
    for fn in regional_functions(workload):
        group = groups.get(fn.inputs["loggingConfig"]["logGroup"])
        assert group is not None, f"{fn.urn} logs to a group the stack does not manage"
        assert group.inputs.get("retentionInDays"), group.urn
        assert group.inputs.get("kmsKeyId", "").startswith("arn:aws:kms:"), group.urn


def test_every_function_is_traced_and_published_behind_an_alias(workload):
    aliased = {a.inputs["functionName"] for a in workload.of_type("aws:lambda/alias:Alias")}
    for fn in regional_functions(workload):
        assert fn.inputs["tracingConfig"] == {"mode": "Active"}, fn.urn
        assert fn.inputs["publish"] is True and fn.inputs["name"] in aliased, fn.urn


def test_no_function_role_allows_a_wildcard_action_or_an_unscoped_resource(workload):
    function_roles = {fn.inputs["role"].rsplit("/", 1)[-1] for fn in workload.of_type("aws:lambda/function:Function")}
    inline = {p.inputs["role"]: p for p in workload.of_type("aws:iam/rolePolicy:RolePolicy") if p.inputs["role"] in function_roles}
    assert set(inline) == function_roles, "every function role has exactly its own inline policy"
    attached = [a for a in workload.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment") if a.inputs["role"] in function_roles]
    assert not attached, f"function roles take no managed policies: {[a.urn for a in attached]}"
    for policy in inline.values():
        for statement in _statements(policy.inputs["policy"]):
            actions = _as_list(statement["Action"])
            assert not any("*" in a for a in actions), f"{policy.urn} {statement.get('Sid')}: {actions}"
            if "*" in _as_list(statement["Resource"]):
                assert set(actions) <= UNSCOPABLE_ACTIONS, f"{policy.urn} {statement.get('Sid')} grants {actions} on *"


def test_function_roles_trust_only_lambda_from_their_own_account(workload):
    for fn in regional_functions(workload):
        role = next(r for r in workload.of_type("aws:iam/role:Role") if r.inputs.get("name") == fn.inputs["role"].rsplit("/", 1)[-1])
        (statement,) = _statements(role.inputs["assumeRolePolicy"])
        assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}, role.urn
        source = statement["Condition"]["StringEquals"]["aws:SourceAccount"]
        assert source == fn.inputs["role"].split(":")[4], role.urn


def test_every_queue_is_encrypted_and_either_redrives_to_a_dlq_or_is_one(workload):
    queues = workload.of_type("aws:sqs/queue:Queue")
    dlq_arns = set()
    for q in queues:
        if "redrivePolicy" in q.inputs:
            dlq_arns.add(json.loads(q.inputs["redrivePolicy"])["deadLetterTargetArn"])
    for c in workload.of_type("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"):
        dlq_arns.add(c.inputs["destinationConfig"]["onFailure"]["destination"])
    for t in workload.of_type("aws:cloudwatch/eventTarget:EventTarget"):
        dlq_arns.add(t.inputs["deadLetterConfig"]["arn"])
    for m in workload.of_type("aws:lambda/eventSourceMapping:EventSourceMapping"):
        if "destinationConfig" in m.inputs:  # a stream mapping's on-failure queue
            dlq_arns.add(m.inputs["destinationConfig"]["onFailure"]["destinationArn"])
    for q in queues:
        assert q.inputs.get("kmsMasterKeyId", "").startswith("arn:aws:kms:"), q.urn
        is_dlq = any(d.endswith(":" + q.inputs["name"]) for d in dlq_arns)
        assert "redrivePolicy" in q.inputs or is_dlq, f"{q.urn} has no dead-letter queue and is not one"


def test_every_queue_consumer_reports_partial_batch_failures(workload):
    for m in workload.of_type("aws:lambda/eventSourceMapping:EventSourceMapping"):
        assert m.inputs["functionResponseTypes"] == ["ReportBatchItemFailures"], m.urn


def test_every_table_has_pitr_and_sse_with_a_customer_managed_key(workload):
    tables = workload.of_type("aws:dynamodb/table:Table")
    assert tables
    for t in tables:
        assert t.inputs["pointInTimeRecovery"]["enabled"] is True, t.urn
        sse = t.inputs["serverSideEncryption"]
        assert sse["enabled"] is True and sse["kmsKeyArn"].startswith("arn:aws:kms:"), t.urn


def test_the_api_stage_is_traced_and_writes_access_logs(workload):
    for stage in workload.of_type("aws:apigateway/stage:Stage"):
        assert stage.inputs["xrayTracingEnabled"] is True, stage.urn
        assert stage.inputs["accessLogSettings"]["destinationArn"].startswith("arn:aws:logs:"), stage.urn


def test_production_protects_state_and_puts_waf_in_front_of_the_api():
    prod = synthesized("prod")
    stateful = ("aws:dynamodb/table:Table", "aws:sqs/queue:Queue", "aws:cognito/userPool:UserPool")
    for type_ in stateful:
        for r in prod.of_type(type_):
            assert r.protect, f"{r.urn} is not protected in prod"
    for t in prod.of_type("aws:dynamodb/table:Table"):
        assert t.inputs["deletionProtectionEnabled"] is True, t.urn
    (pool,) = prod.of_type("aws:cognito/userPool:UserPool")
    assert pool.inputs["deletionProtection"] == "ACTIVE" and pool.inputs["mfaConfiguration"] == "ON", pool.urn
    (association,) = [a for a in prod.of_type("aws:wafv2/webAclAssociation:WebAclAssociation") if a.name == "orders-api"]
    assert "/restapis/" in association.inputs["resourceArn"] and association.inputs["resourceArn"].endswith("/stages/v1"), association.urn
    assert prod.of_type("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"), "WAF logs nothing"


def test_the_orders_service_outputs_reach_the_stack_outputs(workload):
    orders = workload.outputs["services"]["orders"]
    assert orders["api_url"].startswith("https://") and set(orders["tables"]) == {"orders", "idempotency"}
    assert set(workload.outputs["identity"]) >= {"user_pool_id", "client_id", "identity_pool_id"}


def test_invoke_permissions_are_scoped_to_one_route_or_one_rule(workload):
    rule_arns = {f"arn:aws:events:eu-west-1:{workload.account_of(r)}:rule/{r.inputs['name']}" for r in workload.of_type("aws:cloudwatch/eventRule:EventRule")}
    for p in workload.of_type("aws:lambda/permission:Permission"):
        assert p.inputs["qualifier"] == "live", p.urn
        if p.inputs["principal"] == "apigateway.amazonaws.com":
            method, path = p.inputs["sourceArn"].split("/", 2)[2].split("/", 1)
            assert method in {"GET", "POST", "PUT", "PATCH", "DELETE"} and path, f"{p.urn} is not scoped to one route"
        else:
            assert p.inputs["principal"] == "events.amazonaws.com" and p.inputs["sourceArn"] in rule_arns, p.urn


def test_identity_pool_has_no_guests_and_its_role_reads_only_the_callers_rows(workload):
    (pool,) = workload.of_type("aws:cognito/identityPool:IdentityPool")
    assert pool.inputs["allowUnauthenticatedIdentities"] is False and pool.inputs["allowClassicFlow"] is False, pool.urn
    policy = workload.named("identity-authenticated", "aws:iam/rolePolicy:RolePolicy")
    for statement in _statements(policy.inputs["policy"]):
        leading = statement["Condition"]["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"]
        assert leading == ["${aws:PrincipalTag/sub}"], policy.urn
        assert all(a.startswith("dynamodb:") and "*" not in a for a in statement["Action"]), policy.urn


def test_the_app_client_is_public_with_pkce_code_flow_and_bounded_tokens(workload):
    (client,) = workload.of_type("aws:cognito/userPoolClient:UserPoolClient")
    i = client.inputs
    assert i["generateSecret"] is False and i["allowedOauthFlows"] == ["code"], client.urn
    assert "ALLOW_USER_PASSWORD_AUTH" not in i["explicitAuthFlows"], client.urn
    assert i["accessTokenValidity"] <= 60 and i["idTokenValidity"] <= 60, client.urn
    assert i["enableTokenRevocation"] is True and i["preventUserExistenceErrors"] == "ENABLED", client.urn


def test_the_stage_is_throttled_and_production_waf_has_managed_groups_and_a_rate_rule():
    prod = synthesized("prod")
    (settings,) = [s for s in prod.of_type("aws:apigateway/methodSettings:MethodSettings") if s.inputs["methodPath"] == "*/*"]
    assert settings.inputs["settings"]["throttlingRateLimit"] > 0 and settings.inputs["settings"]["throttlingBurstLimit"] > 0
    acl = prod.named("orders-api", "aws:wafv2/webAcl:WebAcl")
    statements = [r["statement"] for r in acl.inputs["rules"]]
    managed = {s["managedRuleGroupStatement"]["name"] for s in statements if "managedRuleGroupStatement" in s}
    assert "AWSManagedRulesCommonRuleSet" in managed and len(managed) >= 2, acl.urn
    assert any("rateBasedStatement" in s for s in statements), f"{acl.urn} has no rate-based rule"


def test_every_queue_has_a_policy_that_refuses_plain_http(workload):
    policies = {p.inputs["queueUrl"]: json.loads(p.inputs["policy"]) for p in workload.of_type("aws:sqs/queuePolicy:QueuePolicy")}
    for q in workload.of_type("aws:sqs/queue:Queue"):
        url = q.state["url"]
        assert url in policies, f"{q.urn} has no queue policy"
        deny = next(s for s in policies[url]["Statement"] if s["Sid"] == "DenyInsecureTransport")
        assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}, q.urn


def test_the_identity_pool_maps_the_user_pool_sub_claim_to_the_session_tag_the_role_reads(workload):
    from landfall.plan.identity import PRINCIPAL_TAGS

    [tags] = workload.of_type("aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag")
    assert tags.inputs["principalTags"] == PRINCIPAL_TAGS and tags.inputs["useDefaults"] is False, tags.urn
    [pool] = workload.of_type("aws:cognito/identityPool:IdentityPool")
    assert tags.inputs["identityPoolId"] == pool.id, tags.urn
    [user_pool] = workload.of_type("aws:cognito/userPool:UserPool")
    assert tags.inputs["identityProviderName"] == user_pool.state.get("endpoint"), tags.urn
