"""What the recording engine returns for a resource: deterministic ids, ARNs and computed attributes.

Ids are derived from the URN (so the same resource gets the same id in every run and a diff between
two revisions shows no spurious changes) and shaped like AWS's (`subnet-0a1b2c...`), so ids of
different resource types never collide and rules can tell them apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable, Optional

# Type token -> AWS id prefix.
ID_PREFIXES = {
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
    "aws:ec2/flowLog:FlowLog": "fl-",
    "aws:ec2/networkAcl:NetworkAcl": "acl-",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc-",
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": "pcx-",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw-",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach-",
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": "tgw-attach-",
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": "pcx-",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb-",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr-",
}


def digest(urn: str, length: int = 17) -> str:
    return hashlib.sha256(urn.encode()).hexdigest()[:length]


def _uuid(seed: str) -> str:
    h = digest(seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def mock_id(type_: str, name: str, urn: str) -> str:
    if type_ in ID_PREFIXES:
        return ID_PREFIXES[type_] + digest(urn)
    if type_ == "aws:kms/key:Key":
        h = digest(urn, 32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    if type_ == "aws:guardduty/detector:Detector":
        return digest(urn, 32)  # detector ids are 32 hex characters
    if type_ == "aws:organizations/account:Account":
        return str(int(digest(urn, 12), 16) % 10**12).zfill(12)  # account ids are 12 digits
    if type_ == "aws:organizations/organization:Organization":
        return "o-" + digest(urn, 10)
    if type_ == "aws:organizations/organizationalUnit:OrganizationalUnit":
        return f"ou-{digest(urn, 4)}-{digest(urn + '/', 8)}"
    if type_ == "aws:organizations/policy:Policy":
        return "p-" + digest(urn, 8)
    return f"{name}-{digest(urn, 8)}"


@dataclass(frozen=True)
class Where:
    partition: str
    account: str
    region: str


def _service(type_: str) -> str:
    module = type_.split(":")[1].split("/")[0]
    return {"cloudwatch": "logs", "ec2transitgateway": "ec2", "vpc": "ec2", "sfn": "states", "cognito": "cognito-idp", "accessanalyzer": "access-analyzer"}.get(module, module)


def _resource(type_: str) -> str:
    return type_.split(":")[-1].lower()


# Type token -> (id, name, where) -> ARN. Types not listed get arn:<p>:<service>:<region>:<account>:<type>/<id>.
ARNS: dict[str, Callable[[str, str, Where], str]] = {
    "aws:iam/role:Role": lambda i, n, w: f"arn:{w.partition}:iam::{w.account}:role/{n}",
    "aws:iam/policy:Policy": lambda i, n, w: f"arn:{w.partition}:iam::{w.account}:policy/{n}",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": lambda i, n, w: f"arn:{w.partition}:iam::{w.account}:role/aws-service-role/{n}",
    "aws:cloudwatch/logGroup:LogGroup": lambda i, n, w: f"arn:{w.partition}:logs:{w.region}:{w.account}:log-group:{n}",
    "aws:cloudwatch/eventRule:EventRule": lambda i, n, w: f"arn:{w.partition}:events:{w.region}:{w.account}:rule/{n}",
    "aws:cloudwatch/metricAlarm:MetricAlarm": lambda i, n, w: f"arn:{w.partition}:cloudwatch:{w.region}:{w.account}:alarm:{n}",
    "aws:kms/key:Key": lambda i, n, w: f"arn:{w.partition}:kms:{w.region}:{w.account}:key/{i}",
    "aws:kms/alias:Alias": lambda i, n, w: f"arn:{w.partition}:kms:{w.region}:{w.account}:{n}",
    "aws:sqs/queue:Queue": lambda i, n, w: f"arn:{w.partition}:sqs:{w.region}:{w.account}:{n}",
    "aws:sns/topic:Topic": lambda i, n, w: f"arn:{w.partition}:sns:{w.region}:{w.account}:{n}",
    "aws:lambda/function:Function": lambda i, n, w: f"arn:{w.partition}:lambda:{w.region}:{w.account}:function:{n}",
    "aws:dynamodb/table:Table": lambda i, n, w: f"arn:{w.partition}:dynamodb:{w.region}:{w.account}:table/{n}",
    "aws:sfn/stateMachine:StateMachine": lambda i, n, w: f"arn:{w.partition}:states:{w.region}:{w.account}:stateMachine:{n}",
    "aws:s3/bucket:Bucket": lambda i, n, w: f"arn:{w.partition}:s3:::{n}",
    "aws:s3/bucketV2:BucketV2": lambda i, n, w: f"arn:{w.partition}:s3:::{n}",
    "aws:cloudtrail/trail:Trail": lambda i, n, w: f"arn:{w.partition}:cloudtrail:{w.region}:{w.account}:trail/{n}",
    "aws:apigateway/restApi:RestApi": lambda i, n, w: f"arn:{w.partition}:apigateway:{w.region}::/restapis/{i}",
    "aws:organizations/organizationalUnit:OrganizationalUnit": lambda i, n, w: f"arn:{w.partition}:organizations::{w.account}:ou/o-mock/{i}",
    "aws:organizations/organization:Organization": lambda i, n, w: f"arn:{w.partition}:organizations::{w.account}:organization/{i}",
    "aws:organizations/policy:Policy": lambda i, n, w: f"arn:{w.partition}:organizations::{w.account}:policy/o-mock/service_control_policy/{i}",
    "aws:organizations/account:Account": lambda i, n, w: f"arn:{w.partition}:organizations::{w.account}:account/o-mock/{i}",
    "aws:ec2transitgateway/transitGateway:TransitGateway": lambda i, n, w: f"arn:{w.partition}:ec2:{w.region}:{w.account}:transit-gateway/{i}",
    "aws:ec2transitgateway/routeTable:RouteTable": lambda i, n, w: f"arn:{w.partition}:ec2:{w.region}:{w.account}:transit-gateway-route-table/{i}",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": lambda i, n, w: f"arn:{w.partition}:ec2:{w.region}:{w.account}:transit-gateway-attachment/{i}",
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": lambda i, n, w: f"arn:{w.partition}:ec2:{w.region}:{w.account}:vpc-peering-connection/{i}",
    "aws:ram/resourceShare:ResourceShare": lambda i, n, w: f"arn:{w.partition}:ram:{w.region}:{w.account}:resource-share/{_uuid(i)}",
    "aws:guardduty/detector:Detector": lambda i, n, w: f"arn:{w.partition}:guardduty:{w.region}:{w.account}:detector/{i}",
    "aws:signer/signingProfile:SigningProfile": lambda i, n, w: f"arn:{w.partition}:signer:{w.region}:{w.account}:/signing-profiles/{n}",
    "aws:signer/signingJob:SigningJob": lambda i, n, w: f"arn:{w.partition}:signer:{w.region}:{w.account}:/signing-jobs/{i}",
    "aws:lambda/codeSigningConfig:CodeSigningConfig": lambda i, n, w: f"arn:{w.partition}:lambda:{w.region}:{w.account}:code-signing-config:{i}",
}

# Types whose provider id is their ARN (the code signing config: functions name it by ARN, as in AWS).
ID_IS_ARN = {"aws:lambda/codeSigningConfig:CodeSigningConfig"}

# Types whose provider id is their physical name (so `role=role.id` shows the role name, as in AWS).
SERVICE_LINKED_ROLE_NAMES = {"config.amazonaws.com": "AWSServiceRoleForConfig"}
BUCKET_TYPES = {"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"}
ID_IS_NAME = {"aws:iam/role:Role", *BUCKET_TYPES}

# Resources that AWS (or the provider) names when no name is given: give them a stable physical name.
AUTONAMED_MODULES = {"iam", "cloudwatch", "sqs", "sns", "lambda", "dynamodb", "sfn", "s3", "cognito", "apigateway", "wafv2", "kms", "cloudtrail", "organizations", "ec2"}


def computed_state(type_: str, name: str, urn: str, inputs: dict[str, Any], where: Where,
                   import_id: Optional[str] = None) -> tuple[str, dict[str, Any]]:
    """(id, state) for a custom resource: its inputs plus the attributes AWS would compute.

    An adopted resource (`import_`) keeps the id it was imported with, as the engine does.
    """
    rid = import_id or mock_id(type_, name, urn)
    if type_ == "aws:cognito/userPool:UserPool" and not import_id:
        rid = f"{where.region}_{digest(urn, 9)}"  # user pool ids are <region>_<9 characters>
    state: dict[str, Any] = dict(inputs)
    module = type_.split(":")[1].split("/")[0] if ":" in type_ else ""
    if "name" not in state and module in AUTONAMED_MODULES:
        state["name"] = f"{name}-{digest(urn, 7)}"
    physical = state.get("name") if isinstance(state.get("name"), str) else rid
    if type_ == "aws:iam/serviceLinkedRole:ServiceLinkedRole" and isinstance(state.get("awsServiceName"), str):
        service = state["awsServiceName"]
        physical = f"{service}/{SERVICE_LINKED_ROLE_NAMES.get(service, 'AWSServiceRoleFor' + service.split('.')[0].title())}"
    if type_ in BUCKET_TYPES and isinstance(state.get("bucket"), str):
        physical = state["bucket"]  # S3 names a bucket by `bucket`, and its id is that name
    if type_ in ID_IS_NAME and not import_id:
        rid = physical
    if type_ == "aws:lambda/codeSigningConfig:CodeSigningConfig" and not import_id:
        rid = "csc-" + digest(urn)  # code signing config ids are csc- and 17 characters
    if type_ == "aws:signer/signingJob:SigningJob" and not import_id:
        rid = _uuid(urn)  # job ids are UUIDs
    arn_of = ARNS.get(type_)
    state["arn"] = arn_of(rid, physical, where) if arn_of else f"arn:{where.partition}:{_service(type_)}:{where.region}:{where.account}:{_resource(type_)}/{rid}"
    if type_ in ID_IS_ARN and not import_id:
        state["configId"] = rid
        rid = state["arn"]
    extra = EXTRA.get(type_)
    if extra:
        state.update(extra(rid, physical, where, state))
    return rid, state


EXTRA: dict[str, Callable[[str, str, Where, dict], dict[str, Any]]] = {
    # A stand-in of the requested length, stable per resource (the real value exists only in the engine's state).
    "random:index/randomPassword:RandomPassword": lambda i, n, w, s: {
        "result": ("offline" + digest(i, 64))[: int(s.get("length", 32))]},
    "aws:kms/key:Key": lambda i, n, w, s: {"keyId": i},
    "aws:ec2/eip:Eip": lambda i, n, w, s: {"allocationId": i, "publicIp": "203.0.113." + str(int(i[-2:], 16) % 250 + 1)},
    "aws:ec2/vpc:Vpc": lambda i, n, w, s: {"defaultSecurityGroupId": "sg-" + i[4:], "mainRouteTableId": "rtb-" + i[4:], "defaultNetworkAclId": "acl-" + i[4:]},
    "aws:sqs/queue:Queue": lambda i, n, w, s: {"url": f"https://sqs.{w.region}.amazonaws.com/{w.account}/{n}"},
    "aws:lambda/function:Function": lambda i, n, w, s: {
        "invokeArn": f"arn:{w.partition}:apigateway:{w.region}:lambda:path/2015-03-31/functions/arn:{w.partition}:lambda:{w.region}:{w.account}:function:{n}/invocations",
        "qualifiedArn": f"arn:{w.partition}:lambda:{w.region}:{w.account}:function:{n}:1",
        "version": "1",
    },
    "aws:lambda/alias:Alias": lambda i, n, w, s: {"arn": f"arn:{w.partition}:lambda:{w.region}:{w.account}:function:{s.get('functionName')}:{s.get('name')}", "invokeArn": f"arn:{w.partition}:apigateway:{w.region}:lambda:path/2015-03-31/functions/{s.get('functionName')}:{s.get('name')}/invocations"},
    "aws:apigateway/restApi:RestApi": lambda i, n, w, s: {"rootResourceId": "root" + i[-6:], "executionArn": f"arn:{w.partition}:execute-api:{w.region}:{w.account}:{i}"},
    "aws:apigateway/stage:Stage": lambda i, n, w, s: {"arn": f"arn:{w.partition}:apigateway:{w.region}::/restapis/{s.get('restApi')}/stages/{s.get('stageName')}", "executionArn": f"arn:{w.partition}:execute-api:{w.region}:{w.account}:{s.get('restApi')}/{s.get('stageName')}", "invokeUrl": f"https://{s.get('restApi')}.execute-api.{w.region}.amazonaws.com/{s.get('stageName')}"},
    "aws:dynamodb/table:Table": lambda i, n, w, s: {"streamArn": f"arn:{w.partition}:dynamodb:{w.region}:{w.account}:table/{n}/stream/2026-01-01T00:00:00.000"},
    "aws:cognito/userPool:UserPool": lambda i, n, w, s: {"endpoint": f"cognito-idp.{w.region}.amazonaws.com/{i}", "arn": f"arn:{w.partition}:cognito-idp:{w.region}:{w.account}:userpool/{i}"},
    "aws:organizations/organization:Organization": lambda i, n, w, s: {"roots": [{"id": "r-mock", "arn": f"arn:{w.partition}:organizations::{w.account}:root/o-mock/r-mock", "name": "Root", "policyTypes": []}], "masterAccountId": w.account},
    "aws:organizations/account:Account": lambda i, n, w, s: {"id": i},
    "aws:ec2transitgateway/transitGateway:TransitGateway": lambda i, n, w, s: {"ownerId": w.account},
    "aws:accessanalyzer/analyzer:Analyzer": lambda i, n, w, s: {"arn": f"arn:{w.partition}:access-analyzer:{w.region}:{w.account}:analyzer/{s.get('analyzerName')}"},
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": lambda i, n, w, s: {"vpcOwnerId": w.account},
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": lambda i, n, w, s: {"acceptStatus": "pending-acceptance"},
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": lambda i, n, w, s: {"acceptStatus": "active", "peerOwnerId": w.account},
    "aws:signer/signingProfile:SigningProfile": lambda i, n, w, s: _signing_profile(i, n, w, s),
    "aws:signer/signingJob:SigningJob": lambda i, n, w, s: _signing_job(i, w, s),
    "aws:s3/bucketObjectv2:BucketObjectv2": lambda i, n, w, s: {"versionId": digest(i + "/version", 32), "etag": digest(i + "/etag", 32)},
    "aws:rds/cluster:Cluster": lambda i, n, w, s: _rds_cluster(i, w, s),
    "aws:rds/proxy:Proxy": lambda i, n, w, s: {
        "arn": f"arn:{w.partition}:rds:{w.region}:{w.account}:db-proxy:prx-{digest(i)}",
        "endpoint": f"{s.get('name')}.proxy-{digest(w.account + w.region, 12)}.{w.region}.rds.amazonaws.com",
    },
}


def _rds_cluster(i: str, w: Where, s: dict) -> dict[str, Any]:
    """The cluster's ARN by identifier, its endpoints and (with manage_master_user_password) the secret RDS creates."""
    identifier = s.get("clusterIdentifier") or i
    host = f"{identifier}.cluster-{digest(w.account + w.region, 12)}.{w.region}.rds.amazonaws.com"
    out: dict[str, Any] = {
        "arn": f"arn:{w.partition}:rds:{w.region}:{w.account}:cluster:{identifier}",
        "clusterResourceId": "cluster-" + digest(i, 26).upper(),
        "endpoint": host,
        "readerEndpoint": host.replace(".cluster-", ".cluster-ro-", 1),
    }
    if s.get("manageMasterUserPassword"):
        out["masterUserSecrets"] = [{"secretArn": f"arn:{w.partition}:secretsmanager:{w.region}:{w.account}:secret:rds!cluster-{_uuid(i)}-{digest(i + '/s', 6)}",
                                     "kmsKeyId": s.get("masterUserSecretKmsKeyId"), "secretStatus": "active"}]
    return out


def _signing_profile(i: str, n: str, w: Where, s: dict) -> dict[str, Any]:
    version = digest(f"{w.account}/{n}/version", 10)  # profile versions are 10 alphanumerics
    arn = f"arn:{w.partition}:signer:{w.region}:{w.account}:/signing-profiles/{n}"
    return {"version": version, "versionArn": f"{arn}/{version}", "status": "Active", "platformDisplayName": "AWS Lambda"}


def _signing_job(job_id: str, w: Where, s: dict) -> dict[str, Any]:
    """A finished job: Signer writes the signed package into the destination under the prefix, named by job id."""
    destination = (s.get("destination") or {}).get("s3") or {}
    key = f"{destination.get('prefix') or ''}{job_id}.zip"
    return {"jobId": job_id, "status": "Succeeded", "jobOwner": w.account, "platformId": "AWSLambda-SHA384-ECDSA",
            "signedObjects": [{"s3s": [{"bucket": destination.get("bucket"), "key": key}]}]}
