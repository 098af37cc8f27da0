"""Policy statements shared by the resource-policy planners (no pulumi import)."""

from __future__ import annotations

from typing import Any, Sequence, Union


def deny_insecure_transport(action: str, resource: Union[str, Sequence[str]]) -> dict[str, Any]:
    """Refuse every request made without TLS (FSBP S3.5, SNS/SQS encryption in transit)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": action,
        "Resource": resource if isinstance(resource, str) else list(resource),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
