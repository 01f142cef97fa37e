"""An invalid setting is named, never echoed: its value may be a secret."""

from __future__ import annotations

import pytest

from api.settings import SettingsError, get_settings

SECRET_LOOKING = "s3cr3t-value-that-must-not-be-printed"


def refusal() -> SettingsError:
    """What reading the settings from this environment raises (the cache emptied around it)."""
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError) as refused:
            get_settings()
    finally:
        get_settings.cache_clear()
    return refused.value


def test_an_invalid_setting_names_the_setting_and_not_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CADRE_DB_POOL_MAX", SECRET_LOOKING)
    refused = refusal()
    assert "CADRE_DB_POOL_MAX" in str(refused)
    assert SECRET_LOOKING not in str(refused)
    assert SECRET_LOOKING[-6:] not in repr(refused)


def test_production_refuses_a_short_log_key_naming_it_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "CADRE_ENV": "production",
        "CADRE_JWT_SECRET": "j" * 40,
        "CADRE_REPORTER_KEY": "r" * 40,
        "CADRE_RECEIPT_KEY": "c" * 40,
        "CADRE_LOG_KEY": "short-key",
    }.items():
        monkeypatch.setenv(name, value)
    refused = refusal()
    assert "CADRE_LOG_KEY" in str(refused)
    assert "short-key" not in str(refused)


def test_the_log_key_among_the_retired_ones_is_refused_naming_the_settings_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given CADRE_LOG_KEY also listed as retired (a rotation's keys swapped by mistake)
    monkeypatch.setenv("CADRE_LOG_KEY", SECRET_LOOKING)
    monkeypatch.setenv("CADRE_LOG_KEYS_RETIRED", f"another-old-key, {SECRET_LOOKING}")
    refused = refusal()
    # Then both settings are named, and neither value
    assert "CADRE_LOG_KEYS_RETIRED holds CADRE_LOG_KEY" in str(refused)
    assert SECRET_LOOKING not in str(refused)
