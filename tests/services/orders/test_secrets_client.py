"""services.orders.secrets_client against moto: values, caching, SecureString decryption and typed errors."""

from __future__ import annotations

import importlib
import json

import boto3
import pytest
from moto import mock_aws

REGION = "eu-west-1"


@pytest.fixture
def aws(monkeypatch):
    for key, value in {"AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
                       "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        import services.orders.secrets_client as module

        client = importlib.reload(module)  # module-level clients are created inside the mock
        sm, ssm = boto3.client("secretsmanager"), boto3.client("ssm")
        key_id = boto3.client("kms").create_key()["KeyMetadata"]["KeyId"]
        sm.create_secret(Name="/test/orders/payments", SecretString=json.dumps({"api_key": "k-1"}), KmsKeyId=key_id)
        sm.create_secret(Name="/test/orders/plain", SecretString="just-a-string")
        sm.create_secret(Name="/test/orders/list", SecretString="[1, 2]")
        ssm.put_parameter(Name="/test/orders/token", Value="s3cr3t", Type="SecureString", KeyId=key_id)
        ssm.put_parameter(Name="/test/orders/flags", Value="{}", Type="String")
        yield client, sm, ssm
        client.clear_cache()


def test_a_secret_is_read_and_parsed_as_json(aws):
    client, _, _ = aws
    assert client.get_secret_json("/test/orders/payments") == {"api_key": "k-1"}
    assert client.get_secret("/test/orders/plain") == "just-a-string"


def test_values_are_cached_until_the_cache_is_cleared(aws):
    client, sm, _ = aws
    assert client.get_secret("/test/orders/plain") == "just-a-string"
    sm.put_secret_value(SecretId="/test/orders/plain", SecretString="rotated")
    assert client.get_secret("/test/orders/plain") == "just-a-string"
    client.clear_cache()
    assert client.get_secret("/test/orders/plain") == "rotated"


def test_secure_string_parameters_are_decrypted_and_strings_read_as_is(aws):
    client, _, _ = aws
    assert client.get_parameter("/test/orders/token") == "s3cr3t"
    assert client.get_parameter("/test/orders/flags") == "{}"


def test_a_missing_secret_is_a_typed_not_found_error(aws):
    client, _, _ = aws
    with pytest.raises(client.SecretNotFound) as err:
        client.get_secret("/test/orders/missing")
    assert err.value.name == "/test/orders/missing" and err.value.code == "ResourceNotFoundException"


def test_a_missing_parameter_is_a_typed_not_found_error(aws):
    client, _, _ = aws
    with pytest.raises(client.ParameterNotFound) as err:
        client.get_parameter("/test/orders/missing")
    assert err.value.code == "ParameterNotFound" and isinstance(err.value, client.ConfigReadError)


@pytest.mark.parametrize("name", ["/test/orders/plain", "/test/orders/list"])
def test_a_secret_that_is_not_a_json_object_is_refused(aws, name):
    client, _, _ = aws
    with pytest.raises(client.InvalidSecretValue):
        client.get_secret_json(name)


def test_a_denied_read_is_access_denied(aws, monkeypatch):
    client, _, _ = aws
    from botocore.exceptions import ClientError

    def denied(**kwargs):
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "GetSecretValue")

    monkeypatch.setattr(client.secrets_provider.client, "get_secret_value", denied)
    with pytest.raises(client.AccessDenied) as err:
        client.get_secret("/test/orders/other", max_age=0)
    assert err.value.code == "AccessDeniedException"


def test_importing_the_module_calls_no_aws_api(monkeypatch):
    """Module-level code only builds clients: the import works with no credentials and no network."""
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    import services.orders.secrets_client as module

    assert importlib.reload(module).DEFAULT_MAX_AGE_S == 300
