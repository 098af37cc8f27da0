"""`landfall:services.code_signing`: Lambda code signing for every function of the stack (checkov CKV_AWS_272).

landfall uploads each service's code to a versioned artifact bucket, signs it with an AWS Signer profile
(platform AWSLambda-SHA384-ECDSA) and deploys the *signed* object; a Lambda code signing config names the
profile (plus any trusted_publishers) and says what Lambda does with an unsigned or wrongly signed package.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Optional

from pydantic import Field

from ..base import StrictModel
from ..errors import Problem, format_path

# Lambda allows at most 20 signing profiles per code signing config; landfall's own profile is one of them.
LAMBDA_MAX_ALLOWED_PUBLISHERS = 20
SIGNING_PROFILE_VERSION_ARN_PATTERN = re.compile(
    r"^arn:aws[a-z-]*:signer:[a-z0-9-]+:\d{12}:/signing-profiles/[A-Za-z0-9_]{2,64}/[A-Za-z0-9]{10}$"
)


class CodeSigningMode(str, Enum):
    """What Lambda does when a deployment's signature check fails (Lambda's UntrustedArtifactOnDeployment)."""

    ENFORCE = "enforce"  # Enforce: the deployment is rejected
    WARN = "warn"  # Warn: deployed anyway; Lambda records SignatureValidationErrors and a CloudTrail entry
    OFF = "off"  # no profile, no code signing config: the code archive is uploaded unsigned

    @property
    def lambda_policy(self) -> Optional[str]:
        return {"enforce": "Enforce", "warn": "Warn"}.get(self.value)


class CodeSigningConfig(StrictModel):
    mode: Optional[CodeSigningMode] = Field(
        default=None,
        description="enforce, warn or off. Default: enforce in production (only signed code deploys), warn elsewhere "
        "(the same signed-artifact path runs in every stack, so staging rehearses the production deploy, while an "
        "unsigned hotfix only raises a warning).",
    )
    trusted_publishers: list[str] = Field(
        default_factory=list,
        description="Signing profile version ARNs (arn:aws:signer:<region>:<account>:/signing-profiles/<name>/<version>) "
        "whose signatures Lambda also accepts, besides the stack's own profile: e.g. the publisher of a signed layer "
        "the functions use. With code signing on, every layer of a function must be signed by an allowed publisher. "
        f"Default: none. At most {LAMBDA_MAX_ALLOWED_PUBLISHERS - 1}.",
    )

    def effective_mode(self, production: bool) -> CodeSigningMode:
        if self.mode is not None:
            return self.mode
        return CodeSigningMode.ENFORCE if production else CodeSigningMode.WARN

    def problems(self, path: str) -> list[Problem]:
        found: list[Problem] = []
        where = f"{path}.trusted_publishers"
        if len(self.trusted_publishers) > LAMBDA_MAX_ALLOWED_PUBLISHERS - 1:
            found.append(Problem(where, f"lists {len(self.trusted_publishers)} profiles; a code signing config allows "
                                        f"{LAMBDA_MAX_ALLOWED_PUBLISHERS}, one of them the stack's own",
                                 f"keep at most {LAMBDA_MAX_ALLOWED_PUBLISHERS - 1}", len(self.trusted_publishers)))
        seen: set[str] = set()
        for i, arn in enumerate(self.trusted_publishers):
            at = format_path([where, i])
            if not SIGNING_PROFILE_VERSION_ARN_PATTERN.match(arn):
                found.append(Problem(at, "is not a signing profile version ARN",
                                     "copy the profile's versioned ARN, e.g. arn:aws:signer:eu-west-1:111122223333:/signing-profiles/Publisher/a1b2c3d4e5", arn))
            elif arn in seen:
                found.append(Problem(at, "is listed twice", "remove the duplicate", arn))
            seen.add(arn)
        if self.trusted_publishers and self.mode == CodeSigningMode.OFF:
            found.append(Problem(where, "has no effect with mode off (there is no code signing config)",
                                 "remove trusted_publishers, or turn code signing on", self.trusted_publishers))
        return found
