"""API Gateway and WAF rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

import json

from .records import (
    INFERRED,
    METHOD,
    NONPROD,
    PROD,
    STAGE,
    V2_STAGE,
    WEB_ACL,
    Case,
    StackCase,
    provider_rec,
    rec,
    stage_rec,
)

VALIDATOR = "aws:apigateway/requestValidator:RequestValidator"


def validator(key: str, body: bool) -> dict:
    return rec(VALIDATOR, f"api-{key}", {"restApi": "api-1", "name": key, "validateRequestBody": body,
                                          "validateRequestParameters": True}, id=f"val-{key}")


def method(verb: str, name: str, **props) -> dict:
    return rec(METHOD, name, {"restApi": "api-1", "resourceId": "res-1", "httpMethod": verb,
                              "authorization": "COGNITO_USER_POOLS", **props})


BODY_CHECKED = {"requestValidatorId": "val-body", "requestModels": {"application/json": "CreateOrder"}}


def http_integration(type_: str = "HTTP_PROXY", api: str = "api-1") -> dict:
    return rec("aws:apigateway/integration:Integration", f"{api}-get-{type_.lower()}",
               {"restApi": api, "type": type_, "httpMethod": "GET"})


RESOURCE_CASES = [
    Case("apigateway-stage-xray",
         passes=[rec(STAGE, "prod", {"xrayTracingEnabled": True})],
         fails=[(rec(STAGE, "prod", {}),
                 ["APIGateway.3: the stage does not trace with X-Ray; set xrayTracingEnabled to true"])],
         not_applicable=[rec(V2_STAGE, "http", {})]),
    Case("apigateway-stage-access-logs",
         passes=[rec(STAGE, "prod", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x", "format": "{}"}})],
         fails=[(rec(STAGE, "prod", {}),
                 ["LF.API.1: the stage has no accessLogSettings.destinationArn or accessLogSettings.format; "
                  "send access logs to a log group with a format"]),
                (rec(STAGE, "half", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x"}}),
                 ["LF.API.1: the stage has no accessLogSettings.format; send access logs to a log group with a "
                  "format"])],
         not_applicable=[rec(V2_STAGE, "http", {})]),
    Case("apigateway-cache-encrypted",
         passes=[rec("aws:apigateway/methodSettings:MethodSettings", "all",
                     {"methodPath": "*/*", "settings": {"cachingEnabled": True, "cacheDataEncrypted": True}}),
                 rec("aws:apigateway/methodSettings:MethodSettings", "nocache",
                     {"methodPath": "*/*", "settings": {"loggingLevel": "INFO"}})],
         fails=[(rec("aws:apigateway/methodSettings:MethodSettings", "all",
                     {"methodPath": "*/*", "settings": {"cachingEnabled": True}}),
                 ["APIGateway.5: method settings */* cache responses without encryption; "
                  "set settings.cacheDataEncrypted to true"])],
         not_applicable=[rec(STAGE, "prod", {"settings": {"cachingEnabled": True}})]),
    Case("apigateway-method-authorization",
         passes=[rec(METHOD, "get", {"httpMethod": "GET", "authorization": "AWS_IAM"}),
                 rec(METHOD, "post", {"httpMethod": "POST", "authorization": "COGNITO_USER_POOLS",
                                      "authorizerId": "auth-1"}),
                 rec(METHOD, "put", {"httpMethod": "PUT", "authorization": "CUSTOM", "authorizerId": "auth-2"})],
         fails=[(rec(METHOD, "get", {"httpMethod": "GET", "resourceId": "res-1", "authorization": "NONE"}),
                 ["LF.API.2: method GET on resource res-1 has authorization NONE; "
                  "use AWS_IAM, COGNITO_USER_POOLS or CUSTOM"]),
                # No CORS exemption: an open OPTIONS method fails like any other.
                (rec(METHOD, "cors", {"httpMethod": "OPTIONS", "resourceId": "res-1", "authorization": "NONE"}),
                 ["LF.API.2: method OPTIONS on resource res-1 has authorization NONE; "
                  "use AWS_IAM, COGNITO_USER_POOLS or CUSTOM"])],
         not_applicable=[rec("aws:apigatewayv2/route:Route", "r", {"authorization": "NONE",
                                                                   "authorizationType": "JWT"})]),
    Case("apigatewayv2-route-authorization",
         passes=[rec("aws:apigatewayv2/route:Route", "r", {"routeKey": "GET /orders", "authorizationType": "JWT"})],
         fails=[(rec("aws:apigatewayv2/route:Route", "r", {"routeKey": "GET /orders"}),
                 ["APIGateway.8: route GET /orders has authorizationType NONE; use AWS_IAM, CUSTOM or JWT"])],
         not_applicable=[rec("aws:apigateway/method:Method", "get", {"httpMethod": "GET",
                                                                     "authorization": "AWS_IAM"})]),
    Case("apigatewayv2-stage-access-logs",
         passes=[rec(V2_STAGE, "http", {"accessLogSettings": {"destinationArn": "arn:aws:logs:x", "format": "$x"}})],
         fails=[(rec(V2_STAGE, "http", {}),
                 ["APIGateway.9: the stage has no accessLogSettings.destinationArn or accessLogSettings.format; "
                  "send access logs to a log group with a format"])],
         not_applicable=[rec(STAGE, "rest", {})]),
    Case("wafv2-web-acl-rules",
         passes=[rec(WEB_ACL, "api", {"rules": [
                     {"name": "common", "priority": 1, "visibilityConfig": {"cloudwatchMetricsEnabled": True}}]}),
                 rec(WEB_ACL, "json", {"ruleJson": json.dumps([
                     {"Name": "rate", "Priority": 1, "VisibilityConfig": {"CloudWatchMetricsEnabled": True}}])})],
         fails=[(rec(WEB_ACL, "empty", {"defaultAction": {"allow": {}}}),
                 ["WAF.10: the web ACL has no rules or rule groups; requests only meet its default action"]),
                (rec(WEB_ACL, "dark", {"rules": [
                    {"name": "common", "priority": 1, "visibilityConfig": {"cloudwatchMetricsEnabled": False}},
                    {"name": "rate", "priority": 2, "visibilityConfig": {"cloudwatchMetricsEnabled": True}}]}),
                 ["WAF.12: web ACL rule common has no CloudWatch metrics; "
                  "set visibilityConfig.cloudwatchMetricsEnabled to true"])],
         not_applicable=[rec("aws:wafv2/webAclAssociation:WebAclAssociation", "assoc", {"rules": []})]),
]

STACK_CASES = [
    StackCase("apigateway-execution-logging",
              passes=[([stage_rec(), rec("aws:apigateway/methodSettings:MethodSettings", "ms", {
                  "restApi": "api-1", "stageName": "prod", "methodPath": "*/*",
                  "settings": {"loggingLevel": "INFO", "metricsEnabled": True}})], NONPROD)],
              fails=[([stage_rec(), stage_rec("dev"), rec("aws:apigateway/methodSettings:MethodSettings", "ms", {
                  "restApi": "api-1", "stageName": "prod", "methodPath": "*/*", "settings": {"loggingLevel": "OFF"}}),
                       rec("aws:apigateway/methodSettings:MethodSettings", "ms-dev", {
                           "restApi": "api-1", "stageName": "dev", "methodPath": "orders/GET",
                           "settings": {"loggingLevel": "ERROR"}})], NONPROD,
                      [(stage_rec()["urn"], "APIGateway.1: the stage prod of REST API api-1 has no "
                                         "aws:apigateway/methodSettings:MethodSettings for */* with loggingLevel "
                                         "INFO or ERROR"),
                       (stage_rec("dev")["urn"], "APIGateway.1: the stage dev of REST API api-1 has no "
                                              "aws:apigateway/methodSettings:MethodSettings for */* with loggingLevel "
                                              "INFO or ERROR")]),
                     ([rec("aws:apigatewayv2/api:Api", "ws", {"protocolType": "WEBSOCKET"}, id="ws-1"),
                       rec(V2_STAGE, "live", {"apiId": "ws-1", "name": "live"})], NONPROD,
                      [(rec(V2_STAGE, "live")["urn"], "APIGateway.1: the WebSocket stage live has no "
                                                      "defaultRouteSettings.loggingLevel INFO or ERROR")])],
              not_applicable=[([rec("aws:apigatewayv2/api:Api", "http", {"protocolType": "HTTP"}, id="http-1"),
                                rec(V2_STAGE, "default", {"apiId": "http-1", "name": "$default"})], NONPROD)]),
    StackCase("apigateway-client-certificate",
              passes=[([stage_rec(clientCertificateId="cert-1"), http_integration()], NONPROD)],
              fails=[([stage_rec(), http_integration("HTTP")], NONPROD,
                      [(stage_rec()["urn"], "APIGateway.2: the stage prod of REST API api-1 calls HTTP backends "
                                            "without a clientCertificateId; they cannot tell API Gateway's calls "
                                            "from others")])],
              # Lambda proxy integrations never present a certificate; another API's HTTP backend is not this one's.
              not_applicable=[([stage_rec(), http_integration("AWS_PROXY")], NONPROD),
                              ([stage_rec(), http_integration(api="api-2")], NONPROD)]),
    StackCase("apigateway-waf",
              passes=[([stage_rec(), rec("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
                  "resourceArn": "arn:aws:apigateway:eu-west-1::/restapis/api-1/stages/prod",
                  "webAclArn": "arn:aws:wafv2:x"})], PROD)],
              fails=[([stage_rec(), rec("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
                  "resourceArn": "arn:aws:apigateway:eu-west-1::/restapis/api-1/stages/production"})], PROD,
                      [(stage_rec()["urn"], "APIGateway.4: the production stage prod of REST API api-1 has no "
                                         "aws:wafv2/webAclAssociation:WebAclAssociation")]),
                     # production unset: inferred from the provider's environment tag
                     ([provider_rec("prod"), stage_rec()], INFERRED,
                      [(stage_rec()["urn"], "APIGateway.4: the production stage prod of REST API api-1 has no "
                                            "aws:wafv2/webAclAssociation:WebAclAssociation")])],
              not_applicable=[([stage_rec()], NONPROD),
                              ([provider_rec("dev"), stage_rec()], INFERRED),
                              # an explicit context wins over the tag
                              ([provider_rec("prod"), stage_rec()], NONPROD)]),
    StackCase("apigateway-request-validation",
              passes=[([validator("body", True), validator("parameters", False),
                        method("POST", "post", **BODY_CHECKED),
                        method("GET", "get", requestValidatorId="val-parameters",
                               requestParameters={"method.request.path.order_id": True})], NONPROD),
                       # a validator defined outside the stack: its presence is all there is to judge
                       ([method("PUT", "put", requestValidatorId="val-elsewhere",
                                requestModels={"application/json": "Order"})], NONPROD)],
              fails=[([method("GET", "get")], NONPROD,
                      [(method("GET", "get")["urn"], "LF.API.3: method GET on resource res-1 has no requestValidatorId; "
                                                     "attach an aws:apigateway/requestValidator:RequestValidator so API "
                                                     "Gateway rejects malformed requests before the integration runs")]),
                     ([validator("parameters", False), method("POST", "post", requestValidatorId="val-parameters",
                                                              requestModels={"application/json": "CreateOrder"})], NONPROD,
                      [(method("POST", "post")["urn"], "LF.API.3: method POST on resource res-1 takes a body, but its "
                                                       "request validator parameters has validateRequestBody off")]),
                     ([validator("body", True), method("PATCH", "patch", requestValidatorId="val-body",
                                                       requestModels={"application/json": "Empty"})], NONPROD,
                      [(method("PATCH", "patch")["urn"], "LF.API.3: method PATCH on resource res-1 takes a body but has "
                                                         "no request model; map application/json to an "
                                                         "aws:apigateway/model:Model of the body in requestModels")])],
              # HTTP APIs (v2) have no request validators; a stack without REST methods has nothing to check.
              not_applicable=[([rec("aws:apigatewayv2/route:Route", "r", {"routeKey": "POST /orders",
                                                                           "authorizationType": "JWT"})], NONPROD),
                              ([stage_rec(), validator("body", True)], NONPROD)]),
]
