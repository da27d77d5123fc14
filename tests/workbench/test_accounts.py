"""The account set-up without a window: checking, testing against Dovecot, keyring and file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.config import load_settings
from desk.core.errors import DeskError, ErrorCode
from desk.mail.account import account_from_mapping, store_password
from desk.workbench.accounts import (
    account_name,
    account_values,
    check_connection,
    checked_account,
    missing_folders,
    read_passwords,
    write_account,
)
from tests.conftest import MemoryKeyring
from tests.support.dovecot import ImapAccount
from tests.support.smtp import SmtpServer

LOCAL = {
    "name": "scolarite",
    "address": "contact@example-edu.fr",
    "imap_host": "127.0.0.1",
    "imap_security": "none",
}


def test_the_address_is_required_and_the_core_check_is_the_command_lines() -> None:
    with pytest.raises(DeskError) as raised:
        checked_account({**LOCAL, "address": ""})
    assert raised.value.code is ErrorCode.ACCOUNT_INVALID
    assert raised.value.params["reason"] == "the shared mailbox address is missing"
    with pytest.raises(DeskError) as raised:
        checked_account({**LOCAL, "imap_host": "imap.example-edu.fr"})
    assert "IMAP without TLS" in raised.value.describe()
    assert checked_account(LOCAL).name == "scolarite"


def test_the_current_account_is_named_even_when_half_valid() -> None:
    assert account_name({}) is None
    assert account_name({"name": "scolarite"}) == "scolarite"  # no server yet
    assert account_name(LOCAL) == "scolarite"


def test_values_written_keep_the_hidden_keys_and_drop_stale_ones() -> None:
    current = {**LOCAL, "imap_ca_file": "/etc/ssl/corp.pem", "smtp_host": "old.example", "x": 1}
    config = checked_account({**LOCAL, "imap_ca_file": "/etc/ssl/corp.pem"})
    values = account_values(config, current)
    assert values["imap_ca_file"] == "/etc/ssl/corp.pem"
    assert values["smtp_host"] is None and values["x"] is None
    assert values["imap_port"] == 143  # as a number, from the checked config
    assert account_from_mapping({k: v for k, v in values.items() if v is not None}) == config


def test_missing_folders_ignore_the_case_of_inbox_only() -> None:
    config = checked_account({**LOCAL, "folders": ["INBOX", "Parents"], "processed_folder": "T"})
    assert missing_folders(config, ["inbox", "parents", "Sent"]) == ["Parents", "T"]


def test_passwords_go_to_the_keyring_before_the_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store_password("scolarite", "smtp", "old-smtp")
    path = tmp_path / "desk.toml"
    config = checked_account(LOCAL)
    write_account(path, account_values(config, {}), "scolarite", "imap-secret", "", True)
    assert memory_keyring.store == {("desk", "scolarite:imap"): "imap-secret"}
    assert account_from_mapping(dict(load_settings(path).account)) == config
    stored = read_passwords("scolarite")
    assert (stored.imap, stored.smtp, stored.problem) == ("imap-secret", None, None)


def test_a_connection_test_reports_each_server_on_its_own(
    imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    values = {
        **LOCAL,
        "imap_port": imap_account.port,
        "imap_user": imap_account.user,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp_server.port,
        "smtp_security": "none",
    }
    config = checked_account(values)
    good = check_connection(config, imap_account.password, None)
    assert good.imap_folders is not None and "INBOX" in good.imap_folders
    assert good.smtp_tested and good.smtp_error is None

    bad = check_connection(config, "not-the-password", None)
    assert bad.imap_folders is None
    assert bad.imap_error is not None and bad.imap_error.code is ErrorCode.LOGIN_FAILED
    assert bad.smtp_error is None  # SMTP without a login does not care
