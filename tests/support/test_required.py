"""A missing tool or corpus skips on a laptop and fails in CI."""

from __future__ import annotations

import pytest

from tests.support.required import missing, required


def test_missing_skips_where_nothing_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "DESK_REQUIRE_SERVERS", "DESK_REQUIRE_POSTGRES"):
        monkeypatch.delenv(name, raising=False)
    assert not required()
    with pytest.raises(pytest.skip.Exception, match="no LibreOffice"):
        missing("no LibreOffice")


@pytest.mark.parametrize("name", ["CI", "DESK_REQUIRE_SERVERS", "DESK_REQUIRE_POSTGRES"])
def test_missing_fails_where_everything_is_required(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for other in ("CI", "DESK_REQUIRE_SERVERS", "DESK_REQUIRE_POSTGRES"):
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, "true")
    with pytest.raises(pytest.fail.Exception, match="no LibreOffice"):
        missing("no LibreOffice")
