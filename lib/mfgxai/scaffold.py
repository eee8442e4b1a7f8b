"""`mfgxai new`: an engagement.yaml guessed from a client's file and the process spec."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from .engagement import Engagement, ProcessConfig, engagement_dir, load_engagement, slugify
from .errors import EngagementError
from .io import excel_sheets, header_unit, is_missing, parse_numbers, read_table
from .processes import ProcessSpec, get_spec

DEFECT_WORDS = {"ng", "nok", "불량", "fail", "failed", "defect", "defective", "yes", "1", "bad", "reject"}
GOOD_WORDS = {"ok", "양품", "pass", "passed", "good", "no", "0", "accept"}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-./·:]+", "", str(text).lower())


def guess_column_map(headers: list[str], spec: ProcessSpec) -> tuple[dict[str, str], list[str]]:
    """Client header → canonical name, matched on names, English/Korean labels and aliases."""
    names = {}
    for c in (*spec.columns, spec.target):
        for candidate in (c.name, c.en, c.ko, *c.aliases):
            names.setdefault(_key(candidate), c.name)
    mapping, unmapped = {}, []
    for header in headers:
        canonical = names.get(_key(header)) or names.get(_key(header_unit(header)[0]))
        if canonical and canonical not in mapping.values():
            mapping[header] = canonical
        else:
            unmapped.append(header)
    return mapping, unmapped


def _guess_labels(values) -> tuple[list[str], list[str]]:
    labels = sorted({str(v).strip() for v in values if str(v).strip()})
    positive = [v for v in labels if v.lower() in DEFECT_WORDS]
    negative = [v for v in labels if v.lower() in GOOD_WORDS]
    return positive, negative


def _extra_column(header: str, values) -> dict:
    """A client column the spec does not know: unit from the header, numeric if it parses."""
    label, unit = header_unit(header)
    numbers, bad = parse_numbers(values)
    numeric = (~bad).all() and numbers.notna().any()
    return {"en": label, "ko": label, "unit": unit, "kind": "number" if numeric else "category",
            "role": "measured"}


def new_engagement(client: str, process: str, data_file: str | Path, slug: str | None = None,
                   target: str | None = None, language: str | None = None,
                   sheet: str | None = None) -> tuple[Path, list[str]]:
    """Create or extend engagements/<slug>/ with a copy of the file and a guessed column map."""
    spec = get_spec(process)
    source = Path(data_file)
    raw = read_table(source, sheet)
    slug = slug or slugify(client)
    folder = engagement_dir(slug)
    mapping, unmapped = guess_column_map(list(raw.columns), spec)
    target_header = target or next((h for h, c in mapping.items() if c == spec.target.name), None)
    if target_header is None or target_header not in raw.columns:
        raise EngagementError(f"{source}: no column looks like the target '{spec.target.en}'. "
                              f"Name it with --target (one of: {list(raw.columns)}).")
    mapping = {h: c for h, c in mapping.items() if c != spec.target.name}
    mapping[target_header] = spec.target.name
    unmapped = [h for h in unmapped if h != target_header]
    positive, negative = _guess_labels(raw[target_header][~is_missing(raw[target_header])].unique())
    extras = {h: _extra_column(h, raw[h]) for h in unmapped}
    config = ProcessConfig(data=[f"data/{source.name}"], sheet=sheet, columns=mapping, extra_columns=extras,
                           positive=positive, negative=negative)
    existing = load_engagement(slug) if (folder / "engagement.yaml").exists() else None
    language = language or (existing.language if existing else ("ko" if re.search("[가-힣]", client) else "en"))
    processes = {**(existing.processes if existing else {}), process: config}
    engagement = Engagement(client=client, slug=slug, language=language, processes=processes)
    copy = folder / "data" / source.name
    if copy.is_symlink() or (folder / "data").is_symlink():
        raise EngagementError(f"{copy}: the file or its data folder is a symbolic link; refusing to write "
                              "the client's file through it. Remove the link and run `mfgxai new` again.")
    copy.parent.mkdir(parents=True, exist_ok=True)
    if source.resolve() != copy.resolve():
        shutil.copy2(source, copy)
    write_engagement_yaml(engagement, folder / "engagement.yaml")
    notes = [f"'{h}' is not a {spec.en.lower()} column the spec knows: declared under extra_columns; "
             "check its unit, range and role" for h in unmapped]
    sheets = excel_sheets(source) if source.suffix.lower() in (".xlsx", ".xlsm") and sheet is None else []
    if len(sheets) > 1:
        notes.append(f"the workbook has sheets {sheets}; '{sheets[0]}' was read. Use --sheet to pick another")
    if not positive:
        notes.append(f"could not tell which label of '{target_header}' means a defect: set `positive`")
    return folder, notes


HEADER = """\
# mfgxai engagement. Edit freely; `mfgxai validate {slug}` checks the data against it.
#   client:    display name (any script)      language: ko or en (reports and app)
#   processes: per process: data files (inside this folder), `columns` maps the client's
#   headers to canonical names, `extra_columns` declares client-only columns (unit, physical
#   range low/high, role: controllable | measured | context | outcome), `ignore` lists headers
#   to leave out; the result column maps to the process's target, `positive`/`negative` are its
#   defect/good labels (target_kind: continuous for a measured result),
#   `exclude` keeps features out of the model; test_size and seed control the split;
#   `group_by` lists headers that together name one item measured in several rows (a weld cut
#   into four cross-sections): an item's rows are never split between training and checking.
"""


def write_engagement_yaml(engagement: Engagement, path: Path) -> None:
    body = yaml.safe_dump(engagement.model_dump(exclude_defaults=False), allow_unicode=True, sort_keys=False)
    path.write_text(HEADER.format(slug=engagement.slug) + body, encoding="utf-8")
