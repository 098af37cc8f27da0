"""Pure planning of signed Lambda deployments (no pulumi import): the Signer profile, the artifact bucket and
its access-log bucket, object keys and policies.

The deploy path, all inside the Pulumi program (components/app/signing.py and service.py):

1. each service's code archive is uploaded to the versioned artifact bucket at ``unsigned/<service>/code.zip``
   (a new object version per code change);
2. an AWS Signer signing job signs exactly that version with the stack's profile and writes the signed
   package under ``signed/<service>/`` (a new job, and a new signed key, per version);
3. the functions deploy the signed object (``s3Bucket``/``s3Key``) under a Lambda code signing config that
   names the profile and enforces (production) or warns.
"""

from __future__ import annotations

import re
from typing import Any

from .statements import deny_insecure_transport
from .trail import bucket_name

SIGNING_PLATFORM = "AWSLambda-SHA384-ECDSA"  # the one Signer platform for Lambda code
# Signatures expire (Lambda's expiry check refuses expired ones); 135 months is Signer's maximum and default.
SIGNATURE_VALIDITY_MONTHS = 135
ARTIFACT_BUCKET_BASE = "landfall-artifacts"
UNSIGNED_PREFIX = "unsigned/"
SIGNED_PREFIX = "signed/"
# Superseded uploads (noncurrent versions) are kept a month for investigation, then expire. Signed packages
# are never expired: each has its own key, and a function that is replaced later redeploys from it.
NONCURRENT_VERSION_DAYS = 30
ABORT_MULTIPART_DAYS = 7
ACCESS_LOG_RETENTION_DAYS = 365
SIGNING_PROFILE_NAME_MAX = 64
_PROFILE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def signing_profile_name(environment: str) -> str:
    """``landfall_<environment>``: Signer profile names are 2-64 letters, digits and underscores.

    A canceled (deleted) profile keeps its name for two years, so the name never changes with the code.
    """
    return ("landfall_" + _PROFILE_UNSAFE.sub("_", environment))[:SIGNING_PROFILE_NAME_MAX]


def artifact_bucket_name(account_id: str, region: str) -> str:
    return bucket_name(ARTIFACT_BUCKET_BASE, None, account_id, region)


def artifact_access_log_bucket_name(account_id: str, region: str) -> str:
    return bucket_name(ARTIFACT_BUCKET_BASE, "access-logs", account_id, region)


def code_key(service: str) -> str:
    """Where a service's unsigned code archive is uploaded (one key; each upload is a new version)."""
    return f"{UNSIGNED_PREFIX}{service}/code.zip"


def signed_prefix(service: str) -> str:
    return f"{SIGNED_PREFIX}{service}/"


def artifact_bucket_policy(partition: str, bucket: str) -> dict[str, Any]:
    """TLS only, and nothing granted: the stack's deploy role uploads, starts the signing jobs and deploys the
    functions through its own IAM permissions in this account (no other account or service principal)."""
    bucket_arn = f"arn:{partition}:s3:::{bucket}"
    return {"Version": "2012-10-17", "Statement": [deny_insecure_transport("s3:*", [bucket_arn, f"{bucket_arn}/*"])]}
