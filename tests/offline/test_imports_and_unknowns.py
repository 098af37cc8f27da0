"""The offline preview says what the real one would: `= import` for resources adopted by id, and
[unknown] for values only `pulumi up` (or AWS) will know."""

from landfall.offline.preview import render
from landfall.offline.recorder import Registration
from landfall.offline.unknowns import UNKNOWN, invented_values, masked, unknown_paths
from tests.conftest import synthesized


def reg(name, id_, inputs=None, state=None, import_id=""):
    return Registration(urn=f"urn:{name}", id=id_, type="aws:x/y:Y", name=name, parent="", provider="", custom=True,
                        protect=False, dependencies=[], inputs=inputs or {}, state=state or {}, import_id=import_id)


def test_ids_and_arns_of_resources_to_create_are_invented_but_inputs_and_import_ids_are_known():
    created = reg("role", "role-1a2b3c", {"name": "landfall-ci"}, {"name": "landfall-ci", "arn": "arn:aws:iam::111111111111:role/landfall-ci"})
    bucket = reg("bucket", "my-bucket-name", {"bucket": "my-bucket-name"}, {"bucket": "my-bucket-name"})
    adopted = reg("acct", "222222222222", {"email": "a@example.com"}, {"email": "a@example.com"}, import_id="222222222222")
    invented = invented_values([created, bucket, adopted])
    assert "role-1a2b3c" in invented and "arn:aws:iam::111111111111:role/landfall-ci" in invented
    assert "my-bucket-name" not in invented and "222222222222" not in invented and "landfall-ci" not in invented


def test_an_output_embedding_an_invented_value_is_unknown_and_masked():
    invented = {"371921844475"}
    outputs = {"account_ids": {"sandbox": "371921844475", "audit": "333333333333"},
               "arn": "arn:aws:iam::371921844475:role/x", "n": 3}
    assert unknown_paths(outputs, invented) == ["account_ids.sandbox", "arn"]
    assert masked(outputs, invented) == {"account_ids": {"sandbox": UNKNOWN, "audit": "333333333333"}, "arn": UNKNOWN, "n": 3}


def test_the_management_preview_shows_adopted_accounts_as_imports_and_counts_them():
    inventory = synthesized("management")
    accounts = inventory.of_type("aws:organizations/account:Account")
    adopted = [a for a in accounts if a.import_id]
    assert adopted and all(a.op == "import" and a.to_json()["op"] == "import" and a.to_json()["import_id"] == a.import_id for a in adopted)
    assert any(a.op == "create" for a in accounts)  # sandbox is created
    text = render(inventory)
    for a in adopted:
        line = next(line for line in text.splitlines() if f" {a.name} " in line and "organizations/account:Account" in line)
        assert line.startswith(" = "), a.urn
    imported = sum(1 for r in inventory.resources if r.import_id)
    assert f"{len(inventory.resources) - imported} to create, {imported} to import" in text


def test_the_management_preview_shows_the_created_accounts_id_as_unknown_and_the_adopted_ones_as_known():
    inventory = synthesized("management")
    data = inventory.to_json()
    assert "account_ids.sandbox" in data["unknown_outputs"]
    assert "account_ids.audit" not in data["unknown_outputs"]
    assert "organization_id" not in data["unknown_outputs"]  # adopted by id
    assert "ci_role_arn" in data["unknown_outputs"]  # an ARN AWS assigns on create
    assert data["outputs"]["account_ids"]["sandbox"]  # the mock value stays for tests
    text = render(inventory)
    assert '"sandbox": "[unknown]"' in text
