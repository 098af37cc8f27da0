"""`landfall:organization.account_defaults`: what every account gets from the root, whatever its admins do.

Secure by default: the AI services opt-out and the EC2 declarative policy (VPC Block Public Access on
inbound traffic, IMDSv2 required, image and snapshot public sharing blocked, serial console off) are on
unless the config turns them off explicitly.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from landfall.plan.account_defaults import Ec2Defaults, SnapshotBlockPublicAccess, VpcBlockPublicAccess

from .base import StrictModel


class Ec2DefaultsConfig(StrictModel):
    vpc_block_public_access: VpcBlockPublicAccess = Field(
        default=VpcBlockPublicAccess.BLOCK_INGRESS,
        description="VPC Block Public Access mode. Default: block_ingress (inbound internet traffic blocked; NAT "
        "gateways keep working). block_bidirectional also cuts egress through NAT.",
    )
    vpc_bpa_exclusions_allowed: bool = Field(
        default=True, description="Whether accounts may exclude a VPC or subnet (a public load balancer's). Default: true.")
    imdsv2_required: bool = Field(default=True, description="New instances default to IMDSv2 (http_tokens required). Default: true.")
    image_block_public_access: bool = Field(default=True, description="AMIs cannot be shared publicly. Default: true.")
    snapshot_block_public_access: SnapshotBlockPublicAccess = Field(
        default=SnapshotBlockPublicAccess.BLOCK_ALL_SHARING,
        description="EBS snapshot public sharing. Default: block_all_sharing (FSBP EC2.1).")
    serial_console_access: bool = Field(default=False, description="EC2 serial console access. Default: false (off).")

    def plan(self) -> Ec2Defaults:
        return Ec2Defaults(self.vpc_block_public_access, self.vpc_bpa_exclusions_allowed, self.imdsv2_required,
                           self.image_block_public_access, self.snapshot_block_public_access, self.serial_console_access)


class DataPerimeterConfig(StrictModel):
    trusted_accounts: list[str] = Field(
        default_factory=list,
        description="Accounts outside the organization whose principals may still reach its S3, SQS, KMS, Secrets "
        "Manager and STS resources (a partner, a vendor's scanner). Default: none.",
    )
    require_tls: bool = Field(default=True, description="Deny requests without TLS to those services. Default: true.")

    def problems(self, path: str) -> list:
        from .errors import Problem

        return [Problem(f"{path}.trusted_accounts[{i}]", "is not a 12-digit account id", 'quote it: "123456789012"', a)
                for i, a in enumerate(self.trusted_accounts) if not (len(a) == 12 and a.isdigit())]


class AccountDefaultsConfig(StrictModel):
    ai_opt_out: bool = Field(
        default=True,
        description="Attach an AI services opt-out policy to the root (no AWS AI service stores or uses the "
        "organization's content to improve itself). Default: true.",
    )
    data_perimeter: Optional[DataPerimeterConfig] = Field(
        default_factory=DataPerimeterConfig,
        description="A resource control policy at the root: S3, SQS, KMS, Secrets Manager and STS resources deny "
        "principals outside the organization (AWS services exempt) and requests without TLS. Default: on; null: none.",
    )
    ec2: Optional[Ec2DefaultsConfig] = Field(
        default_factory=Ec2DefaultsConfig,
        description="The EC2 declarative policy attached to the root. Default: every setting on; null: none.",
    )
