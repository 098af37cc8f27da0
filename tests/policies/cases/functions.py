"""Lambda rules: passing, failing (exact messages) and not-applicable fixtures."""

from __future__ import annotations

from .records import FUNCTION, INFERRED, INVOKE_CONFIG, NONPROD, PROD, STATE_MACHINE, SUBNET, Case, StackCase, provider_rec, rec

CSC = "aws:lambda/codeSigningConfig:CodeSigningConfig"
ENFORCING_ARN = "arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0123456789abcdef0"
WARNING_ARN = "arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0123456789abcdef1"
# A Lambda@Edge function as landfall renders it: exempt from tracing, reservation and code signing.
EDGE_FN = {"runtime": "python3.12", "region": "us-east-1", "publish": True, "tags": {"landfall:lambda-at-edge": "origin-response"},
           "code": {"assets": {"services": {"path": "services"}}}}
SIGNED = {"s3Bucket": "landfall-artifacts-111111111111-eu-west-1", "s3Key": "signed/orders/job.zip"}


def csc(name: str, arn: str, policy: str) -> dict:
    return rec(CSC, name, {"allowedPublishers": {"signingProfileVersionArns": ["arn:aws:signer:x"]},
                           "policies": {"untrustedArtifactOnDeployment": policy}}, id=arn)


def signed_fn(name: str = "fn", **props) -> dict:
    return rec(FUNCTION, name, {"runtime": "python3.12", **SIGNED, **props})

# The pinned Lambda.2 list as the message shows it; changing the list must change this on purpose.
RUNTIMES = ("dotnet8, dotnet10, java11, java17, java21, java25, nodejs20.x, nodejs22.x, nodejs24.x, provided.al2, "
            "provided.al2023, python3.11, python3.12, python3.13, python3.14, ruby3.3, ruby3.4")

RESOURCE_CASES = [
    Case("lambda-permission-not-public",
         passes=[rec("aws:lambda/permission:Permission", "api", {"principal": "apigateway.amazonaws.com",
                                                                 "sourceArn": "arn:aws:execute-api:x"}),
                 rec("aws:lambda/permission:Permission", "rule", {"principal": "events.amazonaws.com",
                                                                  "sourceArn": "arn:aws:events:x"}),
                 rec("aws:lambda/permission:Permission", "acct", {"principal": "111111111111"})],
         fails=[(rec("aws:lambda/permission:Permission", "open", {"principal": "*"}),
                 ['Lambda.1: the permission grants invocation to principal "*"; name a service or account']),
                (rec("aws:lambda/permission:Permission", "api", {"principal": "apigateway.amazonaws.com"}),
                 ["Lambda.1: the permission for apigateway.amazonaws.com has no sourceArn; "
                  "scope it to the invoking resource"]),
                (rec("aws:lambda/permission:Permission", "s3", {"principal": "s3.amazonaws.com",
                                                                "sourceArn": "arn:aws:s3:::b"}),
                 ["Lambda.1: the permission for s3.amazonaws.com has no sourceAccount; "
                  "set the bucket owner's account"])],
         not_applicable=[rec(FUNCTION, "fn", {"principal": "*", "runtime": "python3.12"})]),
    Case("lambda-supported-runtime",
         passes=[rec(FUNCTION, "fn", {"runtime": "python3.12"}), rec(FUNCTION, "new", {"runtime": "python3.14"}),
                 rec(FUNCTION, "node", {"runtime": "nodejs22.x"}), rec(FUNCTION, "img", {"packageType": "Image"})],
         fails=[(rec(FUNCTION, "old", {"runtime": "python3.9"}),
                 [f"Lambda.2: runtime python3.9 is not on the pinned supported list; use one of {RUNTIMES}"]),
                (rec(FUNCTION, "unset", {"handler": "app.handler"}),
                 [f"Lambda.2: runtime not set is not on the pinned supported list; use one of {RUNTIMES}"])],
         not_applicable=[rec("aws:lambda/layerVersion:LayerVersion", "layer", {"runtime": "python2.7"})]),
    Case("lambda-tracing-active",
         passes=[rec(FUNCTION, "fn", {"tracingConfig": {"mode": "Active"}}), rec(FUNCTION, "edge", EDGE_FN)],
         fails=[(rec(FUNCTION, "fn", {"tracingConfig": {"mode": "PassThrough"}}),
                 ["LF.LAMBDA.1: tracingConfig.mode is PassThrough; it must be Active"])],
         not_applicable=[rec(STATE_MACHINE, "sm", {})]),
    Case("lambda-reserved-concurrency",
         passes=[rec(FUNCTION, "fn", {"reservedConcurrentExecutions": 50}),
                 rec(FUNCTION, "stopped", {"reservedConcurrentExecutions": 0}), rec(FUNCTION, "edge", EDGE_FN)],
         fails=[(rec(FUNCTION, "fn", {"runtime": "python3.12"}),
                 ["LF.LAMBDA.2: reservedConcurrentExecutions is not set; cap the function so a surge cannot take the "
                  "account's whole concurrency"]),
                (rec(FUNCTION, "unreserved", {"reservedConcurrentExecutions": -1}),
                 ["LF.LAMBDA.2: reservedConcurrentExecutions is not set; cap the function so a surge cannot take the "
                  "account's whole concurrency"])],
         not_applicable=[rec(INVOKE_CONFIG, "async", {"functionName": "fn"})]),
    Case("lambda-async-failure-destination",
         passes=[rec(INVOKE_CONFIG, "async", {"functionName": "fn", "maximumRetryAttempts": 2, "destinationConfig": {
             "onFailure": {"destination": "arn:aws:sqs:eu-west-1:111111111111:fn-dlq"}}})],
         fails=[(rec(INVOKE_CONFIG, "async", {"functionName": "fn", "destinationConfig": {
             "onSuccess": {"destination": "arn:aws:sns:eu-west-1:111111111111:done"}}}),
                 ["LF.LAMBDA.3: the async invoke config has no destinationConfig.onFailure.destination; failed events "
                  "would be dropped after the retries"])],
         not_applicable=[rec(FUNCTION, "fn", {"destinationConfig": {}})]),
]

STACK_CASES = [
    StackCase("lambda-multi-az",
              passes=[([rec(SUBNET, "a", {"availabilityZoneId": "euw1-az1"}, id="subnet-a"),
                        rec(SUBNET, "b", {"availabilityZoneId": "euw1-az2"}, id="subnet-b"),
                        rec(FUNCTION, "fn", {"vpcConfig": {"subnetIds": ["subnet-a", "subnet-b"],
                                                           "securityGroupIds": ["sg-1"]}})], NONPROD)],
              fails=[([rec(SUBNET, "a", {"availabilityZoneId": "euw1-az1"}, id="subnet-a"),
                       rec(SUBNET, "a2", {"availabilityZoneId": "euw1-az1"}, id="subnet-a2"),
                       rec(FUNCTION, "fn", {"vpcConfig": {"subnetIds": ["subnet-a", "subnet-a2"]}})], NONPROD,
                      [(rec(FUNCTION, "fn")["urn"], "Lambda.5: the VPC function fn uses subnets in 1 Availability "
                                                    "Zone (euw1-az1); it must span at least 2")])],
              not_applicable=[([rec(FUNCTION, "fn", {"runtime": "python3.12"})], NONPROD)]),
    StackCase("lambda-code-signing",
              passes=[([csc("signing", ENFORCING_ARN, "Enforce"), signed_fn(codeSigningConfigArn=ENFORCING_ARN)], PROD),
                      # a config defined outside the stack: its presence is all there is to judge
                      ([signed_fn(codeSigningConfigArn=WARNING_ARN)], PROD),
                      # container images cannot be code signed
                      ([rec(FUNCTION, "img", {"packageType": "Image", "imageUri": "1.dkr.ecr/x:1"})], PROD),
                      # Lambda@Edge: not signed by landfall (the signing pipeline is regional); README "Lambda@Edge"
                      ([rec(FUNCTION, "edge", EDGE_FN)], PROD)],
              fails=[([signed_fn()], PROD,
                      [(signed_fn()["urn"], "LF.LAMBDA.4: the production function fn has no codeSigningConfigArn; "
                                            "attach a code signing config with untrustedArtifactOnDeployment Enforce")]),
                     ([csc("signing", WARNING_ARN, "Warn"), signed_fn(codeSigningConfigArn=WARNING_ARN)], PROD,
                      [(signed_fn()["urn"], "LF.LAMBDA.4: the production function fn's code signing config has "
                                            "untrustedArtifactOnDeployment Warn; unsigned code would still deploy: set "
                                            "it to Enforce")]),
                     # the honest failure: an enforcing config, but the code is a local (unsigned) archive
                     ([csc("signing", ENFORCING_ARN, "Enforce"),
                       rec(FUNCTION, "fn", {"runtime": "python3.12", "codeSigningConfigArn": ENFORCING_ARN,
                                            "code": {"assets": {"services": {"path": "services"}}}})], PROD,
                      [(signed_fn()["urn"], "LF.LAMBDA.4: the production function fn uploads a local code archive, "
                                            "which is unsigned; deploy the signed package of a signer signing job "
                                            "(s3Bucket and s3Key)")]),
                     # production unset: inferred from the provider's environment tag
                     ([provider_rec("prod"), signed_fn()], INFERRED,
                      [(signed_fn()["urn"], "LF.LAMBDA.4: the production function fn has no codeSigningConfigArn; "
                                            "attach a code signing config with untrustedArtifactOnDeployment Enforce")])],
              not_applicable=[([signed_fn()], NONPROD),
                              ([provider_rec("dev"), signed_fn()], INFERRED),
                              ([csc("signing", WARNING_ARN, "Warn"), signed_fn(codeSigningConfigArn=WARNING_ARN)], NONPROD)]),
]
