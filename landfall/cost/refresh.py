"""`python -m landfall.cost.refresh [--region eu-west-1] [--out landfall/cost/prices.json]`

Refresh the price table from the AWS Price List Query API (needs AWS credentials; the API answers from
us-east-1 for every region). The table's own entries say what to ask for: a service code and GetProducts
filters per price, `{region}` standing for the region. The shape is kept; prices, `confirmed` and `as_of`
are stamped. A filter that matches no price, or several different prices, is an error rather than a guess.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .prices import DEFAULT_PATH, PriceTable

PRICING_API_REGION = "us-east-1"


class RefreshError(RuntimeError):
    pass


def _filters(entry: dict[str, Any], region: str) -> list[dict[str, str]]:
    return [{"Type": f["type"], "Field": f["field"], "Value": f["value"].format(region=region)} for f in entry["filters"]]


def _on_demand_price(product: dict[str, Any]) -> Decimal | None:
    """The lowest non-zero OnDemand tier: free tiers are account-wide allowances a stack cannot count on."""
    tiers = []
    for term in product.get("terms", {}).get("OnDemand", {}).values():
        for dim in term.get("priceDimensions", {}).values():
            usd = Decimal(dim["pricePerUnit"]["USD"])
            if usd > 0:
                tiers.append((Decimal(dim.get("beginRange", "0")), usd))
    return min(tiers)[1] if tiers else None


def fetch_price(client: Any, key: str, entry: dict[str, Any], region: str) -> Decimal:
    params: dict[str, Any] = {"ServiceCode": entry["service_code"], "Filters": _filters(entry, region), "FormatVersion": "aws_v1"}
    found: dict[Decimal, list[str]] = {}
    while True:
        page = client.get_products(**params)
        for item in page.get("PriceList", []):
            product = json.loads(item) if isinstance(item, str) else item  # a JSON string per product
            price = _on_demand_price(product)
            if price is not None:
                found.setdefault(price.normalize(), []).append(product.get("product", {}).get("attributes", {}).get("usagetype", "?"))
        if not page.get("NextToken"):
            break
        params["NextToken"] = page["NextToken"]
    if len(found) != 1:
        seen = ", ".join(f"{p} ({', '.join(sorted(set(u)))})" for p, u in sorted(found.items())) or "nothing"
        raise RefreshError(f"{key}: {entry['service_code']} filters {params['Filters']} matched {seen}; "
                           "expected exactly one price: narrow the filters in prices.json")
    return next(iter(found))


def refresh(client: Any, table: dict[str, Any], region: str, today: date) -> dict[str, Any]:
    """A copy of `table` with every price fetched for `region` and stamped; raises RefreshError listing all failures."""
    new = copy.deepcopy(table)
    new["region"], new["as_of"] = region, today.isoformat()
    new.setdefault("source", {})["refreshed"] = f"{today.isoformat()}, every price from the Price List API for {region}"
    errors = []
    for key, entry in new["prices"].items():
        try:
            entry["price"] = fetch_price(client, key, entry, region)
        except RefreshError as err:
            errors.append(str(err))
            continue
        entry["confirmed"] = True
        entry["evidence"] = f"AWS Price List API GetProducts, {today.isoformat()}"
    if errors:
        raise RefreshError("\n".join(errors))
    PriceTable.from_dict(new)  # the estimator must accept what we write
    return new


def dumps(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=2, ensure_ascii=False, default=float) + "\n"


def main(argv: list[str] | None = None, client: Any = None, today: date | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m landfall.cost.refresh", description="Refresh the price table from the AWS Price List API (needs AWS credentials).")
    parser.add_argument("--region", help="AWS region to price (default: the table's region)")
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH, help="price table to read and rewrite")
    args = parser.parse_args(argv)
    source = args.out if args.out.exists() else DEFAULT_PATH
    table = json.loads(source.read_text(), parse_float=Decimal)
    region = args.region or table["region"]
    import boto3  # only the refresh needs AWS
    from botocore.exceptions import BotoCoreError, ClientError

    client = client or boto3.client("pricing", region_name=PRICING_API_REGION)
    try:
        new = refresh(client, table, region, today or date.today())
    except RefreshError as err:
        print(err, file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as err:  # no credentials, no pricing:GetProducts permission, ...
        print(f"cannot read the AWS Price List API: {err}", file=sys.stderr)
        return 2
    args.out.write_text(dumps(new))
    for key, entry in new["prices"].items():
        old = table["prices"][key]["price"]
        change = "" if Decimal(str(old)) == entry["price"] else f"  (was {old})"
        print(f"{key}: {entry['price']}{change}")
    print(f"wrote {args.out} ({region}, as of {new['as_of']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
