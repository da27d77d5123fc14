"""The IMAP connection's own pieces: UID sets, dates, the raw FETCH reader, against Dovecot too."""

from __future__ import annotations

import locale
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from desk.mail.imap import ImapConnection, _parse_fetch, imap_date, internal_date, uid_set
from tests.support.accounts import account_for
from tests.support.dovecot import ImapAccount
from tests.support.mail import simple_message


def expand(text: str) -> set[int]:
    result: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition(":")
        result.update(range(int(low), int(high or low) + 1))
    return result


def test_uid_sets_use_ranges() -> None:
    assert uid_set([1, 2, 3, 5, 7, 8]) == "1:3,5,7:8"
    assert uid_set([9]) == "9"
    assert uid_set([4, 2, 3, 3]) == "2:4"


@given(st.sets(st.integers(min_value=1, max_value=10_000), min_size=1))
def test_uid_set_names_exactly_the_uids(uids: set[int]) -> None:
    text = uid_set(sorted(uids, reverse=True))
    assert expand(text) == uids
    assert len(text) <= len(",".join(map(str, uids)))


def test_internal_dates_in_utc_whatever_the_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("fr_FR.UTF-8", "de_DE.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
                break
            except locale.Error:
                continue
        assert internal_date("17-Mar-2020 10:00:00 +0100") == datetime(2020, 3, 17, 9, tzinfo=UTC)
        assert internal_date(" 7-Dec-2019 23:30:00 -0230") == datetime(2019, 12, 8, 2, tzinfo=UTC)
        assert imap_date(date(2020, 3, 7)) == "7-Mar-2020"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    for bad in ("", "yesterday", "17-Foo-2020 10:00:00 +0100", "17-Mar-2020 25:00:00 +0100"):
        assert internal_date(bad) is None


def test_fetch_responses_are_read_with_their_literal_and_trailing_items() -> None:
    data = [
        (b"1 (UID 11 FLAGS (\\Seen) RFC822.SIZE 120 BODY[HEADER] {5}", b"From:"),
        b' INTERNALDATE "17-Mar-2020 10:00:00 +0100")',
        b"2 (FLAGS (\\Deleted))",  # an unsolicited update, no UID: ignored
        (b"3 (UID 13 BODY[] {3}", b"abc"),
        b")",
        b"4 (UID 14 FLAGS ())",
    ]
    found = _parse_fetch(data)
    assert sorted(found) == [11, 13, 14]
    assert found[11].flags == ["\\Seen"] and found[11].size == 120
    assert found[11].literal == b"From:"
    assert found[11].internal_date == datetime(2020, 3, 17, 9, tzinfo=UTC)
    assert found[13].literal == b"abc" and found[13].flags is None
    assert found[14].flags == [] and found[14].literal is None


def test_bulk_fetch_from_dovecot(imap_account: ImapAccount) -> None:
    messages = [simple_message(n) for n in range(1, 8)]
    imap_account.write_messages(messages, flags="S")
    with ImapConnection(account_for(imap_account), imap_account.password) as connection:
        connection.examine("INBOX")
        fetched = connection.fetch_bulk([1, 2, 3, 5, 6, 7, 99], "FLAGS RFC822.SIZE BODY.PEEK[]")
    assert sorted(fetched) == [1, 2, 3, 5, 6, 7]  # 99 does not exist: simply absent
    for uid, item in fetched.items():
        raw = messages[uid - 1]
        assert item.literal is not None
        assert item.literal.replace(b"\r\n", b"\n") == raw
        assert item.size == len(raw) + raw.count(b"\n")
        assert item.flags == ["\\Seen"]
