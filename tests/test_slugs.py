"""Engagement folders stay apart: romanised slugs, a clear stop on a taken folder, processes added on purpose."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from mfgxai.cli import app
from mfgxai.demo.clients import DEMO_CLIENTS, client_frame, write_demo_engagements
from mfgxai.engagement.config import SLUG_PATTERN, list_engagements, load_engagement, slugify
from mfgxai.errors import EngagementError
from mfgxai.ingest.catalogue import get_entry, open_dataset
from mfgxai.ingest.scaffold import new_engagement
from typer.testing import CliRunner

ROWS = 200
runner = CliRunner()

CLIENTS = [
    # Korean, with company forms, spacing and punctuation that must not merge two clients
    "대성정밀", "대성정밀㈜", "(주)대성정밀", "주식회사 대성정밀", "대성 정밀", "대성정밀?", "대성정밀2",
    "세진산업", "세진산업(주)", "㈜세진산업", "한빛오토텍", "한빛오토텍2", "한빛 오토텍", "(주)한빛오토텍 Hanbit",
    "현대모비스", "삼성전자", "엘지화학", "신라정밀", "광주금속", "부산철강", "동양기공", "대한용접", "태성산업",
    "성진테크", "우진정공", "진성하이텍", "한국전장", "영신금속", "삼우정밀", "세원정공",
    # English and other Latin-script names, look-alikes among them
    "Daeseong Precision", "Daeseong Precision Co., Ltd.", "Sejin Industrial", "Hanbit Autotech", "HANBIT-AUTOTECH",
    "hanbit autotech", "Hanbit  Autotech", "Northfield Stamping Ltd.", "Northfield Stamping", "Acme Welding Co.",
    "ACME Welding Co", "Müller Präzision GmbH", "Mueller Praezision GmbH", "Société d'Usinage", "Ferro-Tech",
    "Ferro Tech", "FerroTech", "3M Korea",
    # mixed scripts, other scripts, and names with nothing to romanise
    "삼성SDI", "LG에너지솔루션", "SK온", "한빛Auto", "대성정밀 Daeseong", "Alpha Welding 알파", "東京精密",
    "Северсталь", "<img src=x onerror=alert(1)>", "!!!", "🙂", "🙂 🙂",
]


@pytest.fixture
def client_file(tmp_path) -> Path:
    """A tiny welding export with English headers."""
    path = tmp_path / "welding_export.csv"
    client_frame("welding", "en", ROWS, seed=3).to_csv(path, index=False)
    return path


def _file(tmp_path: Path, process: str, language: str, seed: int, name: str | None = None) -> Path:
    path = tmp_path / (name or f"{process}_{language}_{seed}.csv")
    client_frame(process, language, ROWS, seed).to_csv(path, index=False)
    return path


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file below a folder with its hash: what 'untouched' means."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_slugs_romanise_korean_and_stay_valid():
    assert slugify("대성정밀") == "daeseongjeongmil"
    assert slugify("대성 정밀") == "daeseong-jeongmil"
    assert slugify("세진산업") == "sejinsaneop"
    assert slugify("한빛오토텍") == "hanbichototek"
    assert slugify("(주)한빛오토텍 Hanbit") == "hanbichototek-hanbit"
    assert slugify("㈜세진산업") == slugify("주식회사 세진산업") == slugify("세진산업(주)") == "sejinsaneop"
    assert slugify("Northfield Stamping Ltd.") == "northfield-stamping-ltd"
    assert slugify("Северсталь") == "severstal"
    assert slugify("!!!") == slugify("!!!") != slugify("🙂")  # stable, and not one constant for all
    assert slugify("!!!").startswith("client-") and len(slugify("!!!")) == len("client-") + 6
    assert len(slugify("정밀" * 80)) <= 63
    for name in CLIENTS:
        assert SLUG_PATTERN.fullmatch(slugify(name)), name


def test_sixty_clients_get_sixty_folders_and_a_taken_one_is_never_merged(engagements, client_file):
    assert len(CLIENTS) == 60 == len(set(CLIENTS))
    collisions = 0
    for name in CLIENTS:
        derived = slugify(name)
        try:
            folder, _ = new_engagement(name, "welding", client_file)
        except EngagementError as exc:
            collisions += 1
            owner = load_engagement(derived).client
            assert str(exc) == (f"engagements/{derived} already belongs to client '{owner}'. Choose another folder "
                                f"name with --slug, or add a process to it with --into {derived}.")
            assert owner != name
            number = 2
            while (engagements / f"{derived}-{number}" / "engagement.yaml").exists():
                number += 1
            folder, _ = new_engagement(name, "welding", client_file, slug=f"{derived}-{number}")
        assert load_engagement(folder.name).client == name
    # daeseongjeongmil ×4 after the first, sejinsaneop ×2, hanbit-autotech ×3, ACME, Ferro-Tech, and 대성정밀2
    # meeting the daeseongjeongmil-2 a consultant chose before
    assert collisions == 12
    slugs = list_engagements()
    assert len(slugs) == 60
    clients = {yaml.safe_load((engagements / s / "engagement.yaml").read_text(encoding="utf-8"))["client"]
               for s in slugs}
    assert clients == set(CLIENTS)


def test_a_second_korean_client_does_not_replace_the_first(engagements, tmp_path):
    first, _ = new_engagement("대성정밀", "welding", _file(tmp_path, "welding", "ko", 1))
    before = _snapshot(first)
    with pytest.raises(EngagementError, match=r"engagements/daeseongjeongmil already belongs to client '대성정밀'"):
        new_engagement("대성정밀㈜", "battery", _file(tmp_path, "battery", "ko", 2))
    with pytest.raises(EngagementError, match="already belongs to client '대성정밀'"):  # the same client again, too
        new_engagement("대성정밀", "welding", _file(tmp_path, "welding", "ko", 3))
    assert _snapshot(first) == before
    assert list_engagements() == ["daeseongjeongmil"]
    assert load_engagement("daeseongjeongmil").client == "대성정밀"


def test_into_needs_the_same_client(engagements, tmp_path):
    folder, _ = new_engagement("한빛오토텍", "welding", _file(tmp_path, "welding", "ko", 1))
    before = _snapshot(folder)
    with pytest.raises(EngagementError, match="engagements/hanbichototek belongs to client '한빛오토텍', "
                                              "not '세진산업'"):
        new_engagement("세진산업", "battery", _file(tmp_path, "battery", "ko", 2), into="hanbichototek")
    with pytest.raises(EngagementError, match="No engagement at engagements/sejinsaneop"):
        new_engagement("세진산업", "battery", _file(tmp_path, "battery", "ko", 2), into="sejinsaneop")
    with pytest.raises(EngagementError, match="either --slug other .* or --into hanbichototek"):
        new_engagement("한빛오토텍", "battery", _file(tmp_path, "battery", "ko", 2), slug="other",
                       into="hanbichototek")
    with pytest.raises(EngagementError, match="--replace only applies with --into"):
        new_engagement("한빛오토텍", "welding", _file(tmp_path, "welding", "ko", 2), slug="other", replace=True)
    assert _snapshot(folder) == before and list_engagements() == ["hanbichototek"]


def test_into_adds_a_second_process_and_keeps_the_language(engagements, tmp_path):
    welding = _file(tmp_path, "welding", "ko", 1)
    folder, _ = new_engagement("한빛오토텍", "welding", welding)
    battery = _file(tmp_path, "battery", "en", 2)  # English headers: the engagement stays Korean
    same, notes = new_engagement(" 한빛오토텍 ", "battery", battery, into="hanbichototek")
    assert same == folder
    engagement = load_engagement("hanbichototek")
    assert list(engagement.processes) == ["welding", "battery"] and engagement.language == "ko"
    assert engagement.client == "한빛오토텍"
    assert engagement.processes["battery"].data == [f"data/{battery.name}"]
    assert (folder / "data" / welding.name).read_bytes() == welding.read_bytes()
    assert (folder / "data" / battery.name).read_bytes() == battery.read_bytes()


def test_into_an_existing_process_needs_replace_and_keeps_the_old_file(engagements, tmp_path):
    (tmp_path / "january").mkdir()
    (tmp_path / "february").mkdir()
    old = _file(tmp_path / "january", "welding", "en", 1, "welding.csv")
    folder, _ = new_engagement("Sejin Industrial", "welding", old)
    before = _snapshot(folder)
    new = _file(tmp_path / "february", "welding", "en", 2, "welding.csv")  # the same name, other rows
    with pytest.raises(EngagementError, match=r"already has process 'welding' \(data: data/welding.csv\)\. "
                                              "Add --replace"):
        new_engagement("Sejin Industrial", "welding", new, into="sejin-industrial")
    assert _snapshot(folder) == before
    _, notes = new_engagement("Sejin Industrial", "welding", new, into="sejin-industrial", replace=True)
    kept = list((folder / "data").glob("replaced-*/welding.csv"))
    assert len(kept) == 1 and kept[0].read_bytes() == old.read_bytes()
    assert (folder / "data" / "welding.csv").read_bytes() == new.read_bytes()
    assert any(f"moved to data/{kept[0].parent.name}/" in note for note in notes)
    # replaced again with a file of another name: the second file is kept too, in its own folder
    other = _file(tmp_path, "welding", "en", 3, "welding_march.csv")
    new_engagement("Sejin Industrial", "welding", other, into="sejin-industrial", replace=True)
    assert load_engagement("sejin-industrial").processes["welding"].data == ["data/welding_march.csv"]
    kept = sorted((folder / "data").glob("replaced-*/welding.csv"))
    assert [p.read_bytes() for p in kept] == [old.read_bytes(), new.read_bytes()]


def test_a_file_of_the_same_name_is_never_overwritten(engagements, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    welding = _file(tmp_path / "a", "welding", "en", 1, "export.csv")
    folder, _ = new_engagement("Ferro Tech", "welding", welding)
    before = _snapshot(folder)
    battery = _file(tmp_path / "b", "battery", "en", 2, "export.csv")
    with pytest.raises(EngagementError, match=r"engagements/ferro-tech/data/export.csv already exists with other "
                                              r"content \(the data of welding\)\. Rename the new file"):
        new_engagement("Ferro Tech", "battery", battery, into="ferro-tech")
    assert _snapshot(folder) == before
    (folder.parent / "leftover" / "data").mkdir(parents=True)  # a folder without engagement.yaml, but with a file
    (folder.parent / "leftover" / "data" / "export.csv").write_text("someone's notes\n", encoding="utf-8")
    with pytest.raises(EngagementError, match="leftover/data/export.csv already exists with other content"):
        new_engagement("Leftover", "welding", welding, slug="leftover")
    assert (folder.parent / "leftover" / "data" / "export.csv").read_text(encoding="utf-8") == "someone's notes\n"


@pytest.mark.parametrize("client, headers, language, expected", [
    ("Daeseong Precision", "ko", None, "ko"),  # Hangul in the headers only
    ("대성정밀", "en", None, "ko"),  # Hangul in the name only
    ("Daeseong Precision", "en", None, "en"),
    ("Daeseong Precision", "ko", "en", "en"),  # --language wins
])
def test_language_from_the_name_and_the_headers(engagements, tmp_path, client, headers, language, expected):
    folder, notes = new_engagement(client, "welding", _file(tmp_path, "welding", headers, 1), language=language)
    assert load_engagement(folder.name).language == expected
    assert any("--language en" in note for note in notes) == (client.isascii() and headers == "ko" and not language)


def test_the_command_line_stops_on_a_taken_folder_and_adds_with_into(engagements, tmp_path):
    welding, battery = _file(tmp_path, "welding", "ko", 1), _file(tmp_path, "battery", "ko", 2)
    assert runner.invoke(app, ["new", "대성정밀", "-p", "welding", "-d", str(welding)]).exit_code == 0
    taken = runner.invoke(app, ["new", "대성정밀㈜", "-p", "battery", "-d", str(battery)])
    assert isinstance(taken.exception, EngagementError) and "already belongs to client '대성정밀'" in str(taken.exception)
    added = runner.invoke(app, ["new", "대성정밀", "-p", "battery", "-d", str(battery), "--into", "daeseongjeongmil"])
    assert added.exit_code == 0, added.output
    assert "Added battery to" in added.output
    again = runner.invoke(app, ["new", "대성정밀", "-p", "battery", "-d", str(battery), "--into", "daeseongjeongmil",
                                "--replace"])
    assert again.exit_code == 0, again.output
    assert list(load_engagement("daeseongjeongmil").processes) == ["welding", "battery"]
    own = runner.invoke(app, ["new", "대성정밀㈜", "-p", "battery", "-d", str(battery), "--slug", "daeseongjeongmil-ju"])
    assert own.exit_code == 0, own.output
    assert load_engagement("daeseongjeongmil-ju").client == "대성정밀㈜"


def test_the_demo_rebuilds_its_own_folders(engagements):
    from mfgxai.demo.clients import DEMO_LOOP, write_next_period
    from mfgxai.loop.drops import add_drop

    write_demo_engagements(rows=ROWS)
    number, process, _, _ = DEMO_LOOP
    add_drop(DEMO_CLIENTS[number][1], process, write_next_period(engagements.parent, rows=ROWS))  # the demo's loop
    write_demo_engagements(rows=ROWS)  # `mfgxai demo --regenerate` again: fresh files, no pile of old ones
    for client, slug, _, processes in DEMO_CLIENTS:
        engagement = load_engagement(slug)
        assert engagement.client == client and list(engagement.processes) == [p for p, _ in processes]
        assert all(engagement.process(p).data == [f"data/{name}"] for p, name in processes)  # the loop's file gone
        assert not list((engagements / slug / "data").glob("replaced-*"))


@pytest.mark.skipif(not get_entry("painting_paint_thickness_doe").openable,
                    reason="the data folder (MFGXAI_DATA) lacks painting_paint_thickness_doe's paint_2.csv")
def test_a_data_set_opened_again_rebuilds_its_own_folder(engagements):
    open_dataset("painting_paint_thickness_doe")
    open_dataset("painting_paint_thickness_doe", "ko")
    assert load_engagement("painting-paint-thickness-doe").language == "ko"
    assert not list((engagements / "painting-paint-thickness-doe" / "data").glob("replaced-*"))


def test_the_demo_never_takes_over_another_clients_folder(engagements, client_file):
    folder, _ = new_engagement("Someone Else", "welding", client_file, slug=DEMO_CLIENTS[0][1])
    before = _snapshot(folder)
    with pytest.raises(EngagementError, match="belongs to client 'Someone Else', not '한빛오토텍'"):
        write_demo_engagements(rows=ROWS)
    assert _snapshot(folder) == before
