"""Network controls: subnets, security groups, NACLs, transit gateway, routes, instances and launch templates,
VPC block public access, flow logs, interface endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from .core import Rule, StackRule, as_list, by_type, get, inputs, plural

SUBNET = "aws:ec2/subnet:Subnet"
DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SG_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
NACL = "aws:ec2/networkAcl:NetworkAcl"
DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule"
NACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation"
TRANSIT_GATEWAY = "aws:ec2transitgateway/transitGateway:TransitGateway"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
INSTANCE = "aws:ec2/instance:Instance"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
VPC_BLOCK_PUBLIC_ACCESS = "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"

OPEN_IPV4 = "0.0.0.0/0"
OPEN_IPV6 = "::/0"
ADMIN_PORTS = (22, 3389)
# EC2.19's list of high-risk ports (Security Hub ec2-controls page).
HIGH_RISK_PORTS = (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
                   5601, 8080, 8088, 8888, 9200, 9300)
# EC2.18's default authorizedTcpPorts parameter.
AUTHORIZED_PORTS = (80, 443)
ALL_PROTOCOLS = ("-1", "all")
# EC2.172: modes that stop internet gateway traffic into the VPCs.
BLOCKING_MODES = ("block-bidirectional", "block-ingress")
# Interface endpoints Security Hub expects in every VPC (PrivateLink service name suffixes), by control.
INTERFACE_ENDPOINT_CONTROLS = (("EC2.10", "ec2"), ("EC2.55", "ecr.api"), ("EC2.56", "ecr.dkr"), ("EC2.57", "ssm"),
                               ("EC2.58", "ssm-contacts"), ("EC2.60", "ssm-incidents"))
PORT_PROTOCOLS = ("tcp", "6", "udp", "17")


def _ports(protocol: Any, from_port: Any, to_port: Any) -> Optional[tuple[int, int, str]]:
    """(first, last, protocol label) of the port range a rule opens, or None for port-less protocols (ICMP...)."""
    proto = str(protocol if protocol is not None else "-1").lower()
    if proto in ALL_PROTOCOLS:
        return 0, 65535, "all traffic"
    if proto not in PORT_PROTOCOLS:
        return None
    label = "tcp" if proto in ("tcp", "6") else "udp"
    first = int(from_port) if from_port is not None else 0
    last = int(to_port) if to_port is not None else 65535
    if first == -1 or last == -1:
        first, last = 0, 65535
    return first, last, label


def _span(first: int, last: int, label: str) -> str:
    if label == "all traffic":
        return "all traffic"
    return f"{label} {first}" if first == last else f"{label} {first}-{last}"


def _join(ports: list[int]) -> str:
    words = [str(p) for p in ports]
    if len(words) == 1:
        return f"port {words[0]}"
    return "ports " + ", ".join(words[:-1]) + " and " + words[-1]


def open_ingress_messages(where: str, protocol: Any, from_port: Any, to_port: Any, cidrs: list) -> list[str]:
    """EC2.53/54 (admin ports), EC2.19 (high-risk ports) and EC2.18 (other ports) for one ingress entry."""
    opened = _ports(protocol, from_port, to_port)
    if opened is None:
        return []
    first, last, label = opened
    messages = []
    for cidr in (OPEN_IPV4, OPEN_IPV6):
        if cidr not in [str(c) for c in cidrs]:
            continue
        span = _span(first, last, label)
        admin = [p for p in ADMIN_PORTS if first <= p <= last]
        risky = [p for p in HIGH_RISK_PORTS if first <= p <= last and p not in ADMIN_PORTS]
        if admin:
            control = "EC2.53" if cidr == OPEN_IPV4 else "EC2.54"
            messages.append(f"{control}: {where} opens {_join(admin)} to {cidr} ({span}); "
                            "SSH and RDP must not be reachable from the internet")
        elif risky:
            messages.append(f"EC2.19: {where} opens high-risk {_join(risky)} to {cidr} ({span}); "
                            "high-risk ports must not be reachable from the internet")
        elif not (label == "tcp" and first == last and first in AUTHORIZED_PORTS):
            messages.append(f"EC2.18: {where} opens {span} to {cidr}; "
                            "only tcp 80 and 443 may be open to the internet")
    return messages


def check_subnet_public_ip(record: Mapping) -> list[str]:
    if get(inputs(record), "mapPublicIpOnLaunch") is True:
        return ["EC2.15: the subnet sets mapPublicIpOnLaunch to true; it must be false"]
    return []


def check_default_sg_closed(record: Mapping) -> list[str]:
    messages = []
    for direction in ("ingress", "egress"):
        count = len(as_list(get(inputs(record), direction)))
        if count:
            messages.append(f"EC2.2: the default security group has {plural(count, direction + ' rule')}; "
                            "it must have none")
    return messages


def check_sg_open_ingress(record: Mapping) -> list[str]:
    props = inputs(record)
    kind = record.get("type")
    if kind == SECURITY_GROUP:
        messages = []
        for index, entry in enumerate(as_list(get(props, "ingress"))):
            cidrs = as_list(get(entry, "cidrBlocks")) + as_list(get(entry, "ipv6CidrBlocks"))
            messages += open_ingress_messages(f"ingress rule {index}", get(entry, "protocol"),
                                              get(entry, "fromPort"), get(entry, "toPort"), cidrs)
        return messages
    if kind == SG_RULE:
        if get(props, "type") != "ingress":
            return []
        cidrs = as_list(get(props, "cidrBlocks")) + as_list(get(props, "ipv6CidrBlocks"))
        return open_ingress_messages("the ingress rule", get(props, "protocol"), get(props, "fromPort"),
                                     get(props, "toPort"), cidrs)
    if kind == SG_INGRESS_RULE:
        cidrs = [c for c in (get(props, "cidrIpv4"), get(props, "cidrIpv6")) if c]
        return open_ingress_messages("the ingress rule", get(props, "ipProtocol"), get(props, "fromPort"),
                                     get(props, "toPort"), cidrs)
    return []


def _nacl_messages(where: str, action: Any, protocol: Any, from_port: Any, to_port: Any, cidrs: list) -> list[str]:
    if str(action).lower() != "allow":
        return []
    proto = str(protocol if protocol is not None else "-1").lower()
    if proto in ALL_PROTOCOLS:
        first, last = 0, 65535
    elif proto in ("tcp", "6"):
        first = int(from_port) if from_port is not None else 0
        last = int(to_port) if to_port is not None else 65535
    else:
        return []
    admin = [p for p in ADMIN_PORTS if first <= p <= last]
    if not admin:
        return []
    span = "all traffic" if proto in ALL_PROTOCOLS else _span(first, last, "tcp")
    return [f"EC2.21: {where} allows {_join(admin)} from {cidr} ({span}); "
            "network ACLs must not admit SSH or RDP from the internet"
            for cidr in (OPEN_IPV4, OPEN_IPV6) if cidr in [str(c) for c in cidrs]]


def check_nacl_admin_ingress(record: Mapping) -> list[str]:
    props = inputs(record)
    if record.get("type") == NACL_RULE:
        if get(props, "egress") is True:
            return []
        cidrs = [c for c in (get(props, "cidrBlock"), get(props, "ipv6CidrBlock")) if c]
        return _nacl_messages(f"ingress entry {get(props, 'ruleNumber')}", get(props, "ruleAction"),
                              get(props, "protocol"), get(props, "fromPort"), get(props, "toPort"), cidrs)
    messages = []
    for entry in as_list(get(props, "ingress")):
        cidrs = [c for c in (get(entry, "cidrBlock"), get(entry, "ipv6CidrBlock")) if c]
        messages += _nacl_messages(f"ingress entry {get(entry, 'ruleNo')}", get(entry, "action"),
                                   get(entry, "protocol"), get(entry, "fromPort"), get(entry, "toPort"), cidrs)
    return messages


def check_tgw_auto_accept(record: Mapping) -> list[str]:
    value = get(inputs(record), "autoAcceptSharedAttachments", default="disable")
    if value != "disable":
        return [f'EC2.23: the transit gateway sets autoAcceptSharedAttachments to "{value}"; it must be "disable"']
    return []


def _peering_messages(where: str, peering: Any, cidr4: Any, cidr6: Any) -> list[str]:
    if not peering:
        return []
    return [f"CIS 5.5: {where} sends {cidr} to peering connection {peering}; "
            "peering routes must name the peer's specific CIDRs"
            for cidr in (cidr4, cidr6) if cidr in (OPEN_IPV4, OPEN_IPV6)]


def check_peering_route(record: Mapping) -> list[str]:
    props = inputs(record)
    if record.get("type") == ROUTE:
        return _peering_messages("the route", get(props, "vpcPeeringConnectionId"),
                                 get(props, "destinationCidrBlock"), get(props, "destinationIpv6CidrBlock"))
    messages = []
    for entry in as_list(get(props, "routes")):
        messages += _peering_messages("a route of the table", get(entry, "vpcPeeringConnectionId"),
                                      get(entry, "cidrBlock"), get(entry, "ipv6CidrBlock"))
    return messages


def check_imdsv2(record: Mapping) -> list[str]:
    tokens = get(inputs(record), "metadataOptions", "httpTokens")
    if tokens == "required":
        return []
    control, what = ("EC2.8", "instance") if record.get("type") == INSTANCE else ("EC2.170", "launch template")
    shown = f'is "{tokens}"' if tokens else "is not set"
    return [f'{control}: the {what} does not require IMDSv2 (metadataOptions.httpTokens {shown}); '
            'it must be "required"']


def _is_true(value: Any) -> bool:
    """Launch template booleans are strings in the provider schema ("true"); instances use real booleans."""
    return value is True or str(value).lower() == "true"


def check_no_public_ip(record: Mapping) -> list[str]:
    props = inputs(record)
    if record.get("type") == INSTANCE:
        if _is_true(get(props, "associatePublicIpAddress")):
            return ["EC2.9: the instance sets associatePublicIpAddress to true; it must have no public IPv4 address"]
        return []
    return [f"EC2.25: network interface {index} of the launch template sets associatePublicIpAddress to true; "
            "launch templates must not assign public IPv4 addresses"
            for index, nic in enumerate(as_list(get(props, "networkInterfaces")))
            if _is_true(get(nic, "associatePublicIpAddress"))]


def check_launch_template_ebs(record: Mapping) -> list[str]:
    messages = []
    for mapping in as_list(get(inputs(record), "blockDeviceMappings")):
        ebs = get(mapping, "ebs")
        if ebs is not None and not _is_true(get(ebs, "encrypted")):
            shown = f'"{get(ebs, "encrypted")}"' if get(ebs, "encrypted") is not None else "not set"
            messages.append(f"EC2.181: block device {get(mapping, 'deviceName')} of the launch template has "
                            f"ebs.encrypted {shown}; it must be \"true\"")
    return messages


def check_vpc_block_public_access(record: Mapping) -> list[str]:
    mode = get(inputs(record), "internetGatewayBlockMode")
    if mode in BLOCKING_MODES:
        return []
    return [f"EC2.172: internetGatewayBlockMode is {mode or 'not set'}; use block-bidirectional or block-ingress "
            "(exclude public subnets explicitly)"]


def check_interface_endpoints(records: list, context: dict) -> list[tuple[str, str]]:
    services: dict[Any, set[str]] = {}
    for endpoint in by_type(records, VPC_ENDPOINT):
        props = inputs(endpoint)
        if get(props, "vpcEndpointType", default="Gateway") == "Interface":
            services.setdefault(get(props, "vpcId"), set()).add(str(get(props, "serviceName", default="")))
    found = []
    for vpc in by_type(records, VPC):
        present = services.get(vpc.get("id"), set())
        for control, service in INTERFACE_ENDPOINT_CONTROLS:
            if not any(name.endswith("." + service) for name in present):
                found.append((vpc["urn"], f"{control}: the VPC {vpc.get('name')} has no interface endpoint for "
                                          f"{service}"))
    return found


def check_flow_logs(records: list, context: dict) -> list[tuple[str, str]]:
    logged = {get(inputs(f), "vpcId") for f in by_type(records, FLOW_LOG)}
    found = []
    for vpc in by_type(records, VPC):
        if vpc.get("id") and vpc.get("id") in logged:
            continue
        target = f" with vpcId {vpc.get('id')}" if vpc.get("id") else ""
        found.append((vpc["urn"], f"EC2.6: the VPC {vpc.get('name')} has no flow log; add an {FLOW_LOG}{target}"))
    return found


def check_nacl_associated(records: list, context: dict) -> list[tuple[str, str]]:
    associated = {get(inputs(a), "networkAclId") for a in by_type(records, NACL_ASSOCIATION)}
    return [(n["urn"], f"EC2.16: the network ACL {n.get('name')} is not associated with any subnet; "
                       f"set subnetIds or add an {NACL_ASSOCIATION}")
            for n in by_type(records, NACL)
            if not as_list(get(inputs(n), "subnetIds")) and n.get("id") not in associated]


RULES = (
    Rule("ec2-subnet-no-public-ip", ("EC2.15",), "Subnets do not assign public IPv4 addresses on launch.",
         (SUBNET,), check_subnet_public_ip),
    Rule("ec2-default-security-group-closed", ("EC2.2", "CIS 5.4"),
         "The default security group of every VPC has no ingress and no egress rules.", (DEFAULT_SG,),
         check_default_sg_closed),
    Rule("ec2-no-open-ingress", ("EC2.18", "EC2.19", "EC2.53", "EC2.54"),
         "No security group ingress from 0.0.0.0/0 or ::/0 to SSH, RDP, high-risk or unauthorised ports.",
         (SECURITY_GROUP, SG_RULE, SG_INGRESS_RULE), check_sg_open_ingress),
    Rule("ec2-nacl-no-open-admin-ingress", ("EC2.21", "CIS 5.1"),
         "No network ACL ingress entry allows 0.0.0.0/0 or ::/0 to ports 22 or 3389.",
         (NACL_RULE, NACL, DEFAULT_NACL), check_nacl_admin_ingress),
    Rule("ec2-transit-gateway-no-auto-accept", ("EC2.23",),
         "Transit gateways do not auto-accept shared attachments.", (TRANSIT_GATEWAY,), check_tgw_auto_accept),
    Rule("ec2-peering-routes-least-access", ("CIS 5.5",),
         "Routes to VPC peering connections use specific CIDRs, never a default route.", (ROUTE, ROUTE_TABLE),
         check_peering_route),
    Rule("ec2-imdsv2-required", ("EC2.8", "EC2.170", "CIS 5.6"),
         "Instances and launch templates require IMDSv2 tokens.", (INSTANCE, LAUNCH_TEMPLATE), check_imdsv2),
    Rule("ec2-no-public-ip", ("EC2.9", "EC2.25"),
         "Instances and launch template network interfaces do not get public IPv4 addresses.",
         (INSTANCE, LAUNCH_TEMPLATE), check_no_public_ip),
    Rule("ec2-launch-template-ebs-encrypted", ("EC2.181",), "Launch templates encrypt their EBS volumes.",
         (LAUNCH_TEMPLATE,), check_launch_template_ebs),
    Rule("ec2-vpc-block-public-access", ("EC2.172",), "VPC Block Public Access blocks internet gateway traffic.",
         (VPC_BLOCK_PUBLIC_ACCESS,), check_vpc_block_public_access),
)

STACK_RULES = (
    StackRule("ec2-vpc-flow-logs", ("EC2.6", "CIS 3.7"), "Every VPC has a flow log.", check_flow_logs),
    StackRule("ec2-nacl-associated", ("EC2.16",), "Every network ACL is associated with at least one subnet.",
              check_nacl_associated),
    StackRule("ec2-vpc-interface-endpoints", ("EC2.10", "EC2.55", "EC2.56", "EC2.57", "EC2.58", "EC2.60"),
              "Every VPC has interface endpoints for EC2, ECR (API and Docker), SSM, and Incident Manager (Contacts "
              "and Incidents).", check_interface_endpoints, enforcement="advisory",
              reason="interface endpoints are billed per AZ-hour; landfall creates the ones a VPC's "
                     "network.endpoints config lists (gateway endpoints only on dev), so a missing one is a cost "
                     "decision to review, not a defect."),
)
