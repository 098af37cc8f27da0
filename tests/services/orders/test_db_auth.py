"""services.orders.db_auth: IAM token connection settings from the environment landfall sets."""

from __future__ import annotations

import importlib
from urllib.parse import parse_qs, urlsplit

import pytest

HOST = "prod-orders-main.proxy-0123456789ab.eu-west-1.rds.amazonaws.com"


@pytest.fixture
def db_auth(monkeypatch):
    for key, value in {"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    import services.orders.db_auth as module

    return importlib.reload(module)


def test_settings_carry_a_signed_connect_token_for_the_user_and_require_verified_tls(db_auth, monkeypatch):
    for name, value in {"MAIN_DB_HOST": HOST, "MAIN_DB_PORT": "5432", "MAIN_DB_NAME": "app", "MAIN_DB_USER": "orders_app"}.items():
        monkeypatch.setenv(name, value)
    settings = db_auth.connection_settings("main")
    assert (settings.host, settings.port, settings.dbname, settings.user, settings.sslmode) == (HOST, 5432, "app", "orders_app", "verify-full")
    query = parse_qs(urlsplit("https://" + settings.password).query)
    assert urlsplit("https://" + settings.password).hostname == HOST
    assert query["Action"] == ["connect"] and query["DBUser"] == ["orders_app"] and query["X-Amz-Expires"] == ["900"]
    assert settings.as_kwargs()["password"] == settings.password


def test_missing_settings_name_every_missing_variable(db_auth, monkeypatch):
    monkeypatch.setenv("MAIN_DB_HOST", HOST)
    for name in ("MAIN_DB_PORT", "MAIN_DB_NAME", "MAIN_DB_USER"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(db_auth.MissingDatabaseSetting) as err:
        db_auth.connection_settings("main")
    assert "MAIN_DB_PORT, MAIN_DB_NAME, MAIN_DB_USER" in str(err.value)
