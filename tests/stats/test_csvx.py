"""CSV: a BOM for Excel, ``;`` and decimal commas for French spreadsheets."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.stats.csvx import write_csv, write_message_rows
from desk.stats.period import Period
from desk.stats.rows import per_message_rows
from desk.stats.sheets import Sheet
from desk.store.database import Store
from tests.stats.conftest import AS_OF, World

PARIS = Period(date(2020, 3, 16), date(2020, 3, 17), ZoneInfo("Europe/Paris"))


def test_bom_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    sheet = Sheet(
        "x",
        ("Jour", "Délai (h)", "Note"),
        [(date(2020, 3, 16), 1.5, "a;b"), (datetime(2020, 3, 16, 9, 5), None, "élève")],
    )
    path = tmp_path / "x.csv"
    assert write_csv(path, sheet, delimiter=";") == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines() == [
        "Jour;Délai (h);Note",
        '2020-03-16;1,5;"a;b"',
        "2020-03-16 09:05:00;;élève",
    ]


def test_commas_by_default(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, Sheet("x", ("a", "b"), [(1, 2.25)]))
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a,b", "1,2.25"]


def test_another_delimiter_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="delimiter"):
        write_csv(tmp_path / "x.csv", Sheet("x", ("a",), []), delimiter="\t")


def test_per_message_rows_in_local_time(store: Store, world: World, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with store.sessions() as session:
        count = write_message_rows(
            path,
            per_message_rows(session, PARIS, as_of=AS_OF),
            PARIS,
            language="fr",
            delimiter=";",
        )
    with path.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream, delimiter=";"))
    # m6 arrived at 23:00 UTC on the 17th: 00:00 on the 18th in Paris, outside the period.
    assert count == len(table) - 1 == 5
    header = table[0]
    assert header[1] == "Reçu (Europe/Paris)"
    first = dict(zip(header, table[1], strict=True))
    # m2: 08:00 UTC is 09:00 in Paris; answered 2 h later by Amina with "Mot de passe".
    assert first["Reçu (Europe/Paris)"] == "2020-03-16 09:00:00"
    assert first["Première réponse (Europe/Paris)"] == "2020-03-16 11:00:00"
    assert first["Délai de réponse (heures)"] == "2,0"
    assert first["En moins de 48 h"] == "oui"
    assert (first["Agent"], first["Modèle"], first["Catégorie"]) == (
        "Amina Diallo",
        "Mot de passe",
        "exam",
    )
    assert first["Temps de traitement (secondes)"] == "210,0"
    assert first["Relances sous 7 jours"] == "1"
