"""CI access without long-lived keys: GitHub's OIDC issuer, and the `landfall-ci` role it may assume.

Declared by the management stack in the CI account (landfall:organization.ci.account). The role trusts only
tokens for the repository's deploy environments, and may only assume the `landfall-deploy` role that every
account baseline creates, inside this organization (aws:ResourceOrgID). Beside it, `landfall-ci-preview` trusts
only the preview environments (pull-request previews, drift) and may only assume the read-only
`landfall-preview` roles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.ci import CI_PREVIEW_ROLE_NAME, CI_ROLE_NAME, DEPLOY_ROLE_NAME, GITHUB_ISSUER, PREVIEW_ROLE_NAME, CiConfig


@dataclass(frozen=True)
class CiAccessArgs:
    config: CiConfig
    partition: str
    account_id: str  # the CI account
    organization_id: pulumi.Input[str]


class CiAccess(pulumi.ComponentResource):
    """`landfall:ci:CiAccess`: children `ci-github-oidc`, `ci-role`, `ci-preview-role`."""

    def __init__(self, name: str, args: CiAccessArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:ci:CiAccess", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        provider = aws.iam.OpenIdConnectProvider(
            f"{name}-github-oidc", url=f"https://{GITHUB_ISSUER}", client_id_lists=["sts.amazonaws.com"], opts=child,
        )
        role = self._role(f"{name}-role", CI_ROLE_NAME, provider, args.config.subjects(), DEPLOY_ROLE_NAME, args,
                          "landfall: GitHub Actions deploy jobs; may only assume landfall-deploy in this organization")
        preview = self._role(f"{name}-preview-role", CI_PREVIEW_ROLE_NAME, provider, args.config.preview_subjects(),
                             PREVIEW_ROLE_NAME, args,
                             "landfall: pull-request previews and drift checks; may only assume the read-only landfall-preview")
        self.role_arn = role.arn
        self.preview_role_arn = preview.arn
        self.register_outputs({"oidc_provider_arn": provider.arn, "ci_role_arn": role.arn, "ci_preview_role_arn": preview.arn})

    def _role(self, name: str, role_name: str, provider: aws.iam.OpenIdConnectProvider, subjects: list[str],
              target_role: str, args: CiAccessArgs, description: str) -> aws.iam.Role:
        child = pulumi.ResourceOptions(parent=self)
        trust = provider.arn.apply(lambda arn: json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {f"{GITHUB_ISSUER}:aud": "sts.amazonaws.com"},
                # exact subjects: these environments of this repository, never a branch or a pull request
                "ForAnyValue:StringEquals": {f"{GITHUB_ISSUER}:sub": subjects},
            },
        }]}))
        role = aws.iam.Role(name, name=role_name, assume_role_policy=trust, max_session_duration=3600,
                            description=description, opts=child)
        policy = pulumi.Output.from_input(args.organization_id).apply(lambda org_id: json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Sid": "AssumeDeployRoles" if target_role == DEPLOY_ROLE_NAME else "AssumePreviewRoles", "Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                "Resource": f"arn:{args.partition}:iam::*:role/{target_role}",
                "Condition": {"StringEquals": {"aws:ResourceOrgID": org_id}},
            }]}))
        aws.iam.RolePolicy(name, role=role.id, policy=policy, opts=child)
        return role
