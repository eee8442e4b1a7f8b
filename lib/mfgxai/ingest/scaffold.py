"""`mfgxai new`: an engagement.yaml guessed from a client's file and the process spec."""
from __future__ import annotations

import filecmp
import shutil
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml

from ..engagement.config import Engagement, ProcessConfig, engagement_dir, has_hangul, load_engagement, slugify
from ..errors import EngagementError
from ..i18n import field
from ..processes import get_spec
from .io import excel_sheets, read_table
from .mapping import Match, guess_column_map, guess_labels, result_kind
from .values import header_unit, is_missing, parse_numbers


def _looks_like_id(values) -> bool:
    """Text that differs in almost every row (serial numbers): useless, even harmful, as a model input."""
    present = values.dropna()
    numbers, bad = parse_numbers(present)
    return len(present) >= 20 and bad.mean() > 0.5 and present.nunique() > 0.9 * len(present)


def _names_the_result(values, result) -> bool:
    """A text column whose every value goes with one result only (a defect description, or a reason written on
    the defects alone and empty — 'None' — on the good parts): leakage."""
    both = pd.DataFrame({"value": values.where(~is_missing(values)), "result": result})
    pairs = both.dropna()
    if pairs.empty or not parse_numbers(pairs["value"])[1].mean() > 0.5 or pairs["value"].nunique() < 2:
        return False
    only_there = both.loc[both["value"].isna(), "result"].dropna().isin(set(pairs["result"])).mean() < 0.01
    return bool(pairs.groupby("value")["result"].nunique().eq(1).all()
                and (pairs["result"].nunique() > 1 or only_there))


def _extra_column(header: str, values) -> dict:
    """A client column the spec does not know: unit from the header, numeric if it parses."""
    label, unit = header_unit(header)
    numbers, bad = parse_numbers(values)
    numeric = (~bad).all() and numbers.notna().any()
    return {"en": label, "ko": label, "unit": unit, "kind": "number" if numeric else "category",
            "role": "measured"}


LANGUAGES = ("ko", "en")


def new_engagement(client: str, process: str, data_file: str | Path, slug: str | None = None,
                   target: str | None = None, language: str | None = None,
                   sheet: str | None = None, into: str | None = None, replace: bool = False,
                   positive: list[str] | None = None, negative: list[str] | None = None,
                   report: Callable[[list[Match]], None] | None = None,
                   target_kind: str | None = None) -> tuple[Path, list[str]]:
    """Create engagements/<slug>/ from a client's file and a guessed column map, or, with `into`, add a
    process to that existing engagement of the same client (`replace` to redo a process it already has:
    its old data files are moved to data/replaced-<time>/, never deleted). `positive`/`negative` name the
    result's defect and good labels where they cannot be guessed; `report` receives the column map."""
    if not client.strip():
        raise EngagementError("The client name is empty: give the client's display name.")
    if language is not None and language not in LANGUAGES:
        raise EngagementError(f"Unknown language '{language}': use ko or en.")
    spec = get_spec(process)
    source = Path(data_file)
    if into:
        if slug and slug != into:
            raise EngagementError(f"Give either --slug {slug} (a new engagement) or --into {into} (an existing "
                                  "one), not both.")
        slug, existing = into, _engagement_to_extend(into, client, process, replace)
    else:
        if replace:
            raise EngagementError("--replace only applies with --into <slug>: it replaces a process of an "
                                  "existing engagement.")
        slug, existing = slug or slugify(client), None
        _refuse_taken(slug)
    folder = engagement_dir(slug)
    raw = read_table(source, sheet)
    matches, unmapped = guess_column_map(list(raw.columns), spec)
    target_header = target or next((m.header for m in matches if m.canonical == spec.target.name), None)
    if target_header is None or target_header not in raw.columns:
        raise EngagementError(f"{source}: no column looks like the target '{spec.target.en}'. "
                              f"Name it with --target (one of: {list(raw.columns)}).")
    matches = [m for m in matches if m.canonical != spec.target.name and m.header != target_header]
    matches.append(Match(target_header, spec.target.name, "--target" if target else
                         next((m.how for m in guess_column_map([target_header], spec)[0]), "label")))
    unmapped = [h for h in unmapped if h != target_header]
    # a measured result with few distinct values (a dimension in whole µm) is named continuous, not guessed
    kind = target_kind or ("binary" if positive or negative else result_kind(raw[target_header]))
    if kind == "binary":
        positive, negative = guess_labels(raw[target_header], f"{source}: column '{target_header}'", positive,
                                          negative)
    ids = [h for h in unmapped if _looks_like_id(raw[h])]
    leaks = [h for h in unmapped if h not in ids and _names_the_result(raw[h], raw[target_header])]
    ids += leaks
    extras = {h: _extra_column(h, raw[h]) for h in unmapped if h not in ids}
    config = ProcessConfig(data=[f"data/{source.name}"], sheet=sheet, columns={m.header: m.canonical for m in matches},
                           extra_columns=extras, ignore=ids, target_kind=kind,
                           positive=positive if kind == "binary" else [], negative=negative if kind == "binary" else [])
    notes = []
    if existing:
        if language and language != existing.language:
            notes.append(f"the engagement's language changed from {existing.language} to {language} "
                         "(reports and app of every process)")
        language = language or existing.language
    elif language is None:
        korean_headers = any(has_hangul(h) for h in raw.columns)
        language = "ko" if has_hangul(client) or korean_headers else "en"
        if korean_headers and not has_hangul(client):
            notes.append("the headers are Korean, so reports and app are in Korean: use --language en for English")
    processes = {**(existing.processes if existing else {}), process: config}
    engagement = Engagement(client=existing.client if existing else client, slug=slug, language=language,
                            processes=processes, client_names=existing.client_names if existing else None,
                            process_titles=existing.process_titles if existing else {})
    copy = folder / "data" / source.name
    if copy.is_symlink() or (folder / "data").is_symlink():
        raise EngagementError(f"{copy}: the file or its data folder is a symbolic link; refusing to write "
                              "the client's file through it. Remove the link and run `mfgxai new` again.")
    superseded = _superseded(existing, process, source) if existing and process in existing.processes else []
    same = copy.exists() and (copy.resolve() == source.resolve() or filecmp.cmp(copy, source, shallow=False))
    if copy.exists() and not same and copy.resolve() not in superseded:
        users = [name for name, c in (existing.processes if existing else {}).items()
                 if f"data/{source.name}" in c.data]
        raise EngagementError(f"engagements/{slug}/data/{source.name} already exists with other content"
                              f"{' (the data of ' + ', '.join(users) + ')' if users else ''}. Rename the new "
                              "file and run again; nothing was changed.")
    copy.parent.mkdir(parents=True, exist_ok=True)
    if superseded:
        kept = _keep_aside(folder, superseded)
        notes.append(f"the previous data of {process} was moved to {kept.relative_to(folder)}/ (kept, not deleted)")
    if not same:
        shutil.copy2(source, copy)
    write_engagement_yaml(engagement, folder / "engagement.yaml", {m.header: m for m in matches if not m.sure})
    if report:
        report(matches)
    process_words = field(field(spec.label("en"), "uncapital", "en"), "a", "en")  # an injection moulding column
    notes += [f"'{h}' is not {process_words} column the spec knows: declared under extra_columns; "
              "check its unit, range and role" for h in unmapped if h not in ids]
    notes += [f"'{h}' holds a different text in almost every row, like an id: listed under `ignore`"
              for h in ids if h not in leaks]
    notes += [f"'{h}' tells the result exactly (each of its values goes with one result only): written after "
              "the fact, so listed under `ignore`" for h in leaks]
    sheets = excel_sheets(source) if source.suffix.lower() in (".xlsx", ".xlsm") and sheet is None else []
    if len(sheets) > 1:
        notes.append(f"the workbook has sheets {sheets}; '{sheets[0]}' was read. Use --sheet to pick another")
    if kind == "continuous":
        notes.append(f"'{target_header}' holds measured values: the target is continuous (a regression), "
                     "not pass/fail")
    return folder, notes


def _same_client(a: str, b: str) -> bool:
    def canonical(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).split())
    return canonical(a) == canonical(b)


def _refuse_taken(slug: str) -> None:
    """A new engagement never lands in a folder that already holds one, whoever its client is."""
    folder = engagement_dir(slug)
    if (folder / "engagement.yaml").exists():
        owner = _owner(folder)
        raise EngagementError(f"engagements/{slug} already belongs to client '{owner}'. Choose another folder "
                              f"name with --slug, or add a process to it with --into {slug}.")


def _owner(folder: Path) -> str:
    """The client named in a folder's engagement.yaml, even when the rest of the file does not validate."""
    try:
        raw = yaml.safe_load((folder / "engagement.yaml").read_text(encoding="utf-8"))
        return str(raw.get("client", "?")) if isinstance(raw, dict) else "?"
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "?"


def _engagement_to_extend(slug: str, client: str, process: str, replace: bool) -> Engagement:
    """The engagement `--into` names: it must exist, be the same client's, and not have the process unless
    `replace` says to redo it."""
    if not (engagement_dir(slug) / "engagement.yaml").exists():
        raise EngagementError(f"No engagement at engagements/{slug} to add a process to. Create it without "
                              "--into first.")
    existing = load_engagement(slug)
    if not _same_client(existing.client, client):
        raise EngagementError(f"engagements/{slug} belongs to client '{existing.client}', not '{client}'. "
                              f"Use the client name '{existing.client}' to add a process to it, or create "
                              "a new engagement without --into.")
    if process in existing.processes and not replace:
        files = ", ".join(existing.processes[process].data)
        raise EngagementError(f"engagements/{slug} already has process '{process}' (data: {files}). Add "
                              "--replace to replace its column map and data (the old files are kept in "
                              "data/replaced-<time>/).")
    return existing


def _superseded(existing: Engagement, process: str, source: Path) -> list[Path]:
    """The data files a replaced process leaves behind: those still on disk that no other process reads,
    other than the new file itself."""
    others = {p for name in existing.processes if name != process for p in existing.data_paths(name)}
    copy = (existing.folder / "data" / source.name).resolve()
    return [p for p in existing.data_paths(process)
            if p.exists() and p not in others and p != source.resolve()
            and not (p == copy and filecmp.cmp(p, source, shallow=False))]


def _keep_aside(folder: Path, paths: list[Path]) -> Path:
    """Move files into a new data/replaced-<UTC time>/ folder (their place below data/ kept)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    data = (folder / "data").resolve()
    kept, number = data / f"replaced-{stamp}", 1
    while kept.exists():
        number += 1
        kept = data / f"replaced-{stamp}-{number}"
    for path in paths:
        target = kept / (path.relative_to(data) if path.is_relative_to(data) else path.relative_to(folder.resolve()))
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    return kept


HEADER = """\
# mfgxai engagement. Edit freely; `mfgxai validate {slug}` checks the data against it.
#   client:    display name (any script)      language: ko or en (reports and app)
#   client_names, process_titles (optional): the client's name and a process's own name in en
#   and ko, e.g. laser welding read by the welding spec; reports and notebooks head with them
#   processes: per process: data files (inside this folder), `columns` maps the client's
#   headers to canonical names, `extra_columns` declares client-only columns (unit, physical
#   range low/high, role: controllable | measured | context | outcome), `ignore` lists headers
#   to leave out; the result column maps to the process's target, `positive`/`negative` are its
#   defect/good labels (target_kind: continuous for a measured result),
#   `exclude` keeps features out of the model; test_size and seed control the split;
#   `group_by` lists headers that together name one item measured in several rows (a weld cut
#   into four cross-sections): an item's rows are never split between training and checking.
"""


def write_engagement_yaml(engagement: Engagement, path: Path, check: dict[str, Match] | None = None) -> None:
    """engagement.yaml with the comment header; a column mapped by a guess says so on its line."""
    fields = engagement.model_dump(exclude_defaults=False)
    for optional in ("client_names", "process_titles"):  # written only when the engagement has them
        if not fields[optional]:
            del fields[optional]
    body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    lines = []
    for line in body.splitlines():
        header = line.strip().split(": ", 1)[0].strip("'\"")
        match = (check or {}).get(header)
        lines.append(f"{line}  # check: {match.how}{', ' + match.conversion if match.conversion else ''}"
                     if match and line.startswith("    ") and line.rstrip().endswith(match.canonical) else line)
    path.write_text(HEADER.format(slug=engagement.slug) + "\n".join(lines) + "\n", encoding="utf-8")
