"""The checks behind tests/lms/test_translations.py, as plain functions.

Each returns a list of problems, one readable line each (empty when all is
well), so a failing test names every file, line and string to mend at once.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGES = ("es", "fr", "nl", "pap")
# Catalogues kept by hand beside an app (Django's own date names in Papiamentu),
# outside makemessages: checked for completeness and compilation only.
HAND_KEPT_LOCALE_DIRS = (BASE_DIR / "lms" / "locale",)
DOMAINS = ("django", "djangojs")

# --- a. catalogues: nothing untranslated, nothing fuzzy, placeholders kept ---

PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %(name)s
    r"|%[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # %s, %d
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # {name}
)


def placeholders(text: str) -> list[str]:
    """The interpolation placeholders in a message, in order ("%%" is not one)."""
    return PLACEHOLDER.findall(text.replace("%%", ""))


def _where(entry: polib.POEntry, po_path: Path) -> str:
    files = sorted({file for file, _line in entry.occurrences})
    used_in = f" (used in {', '.join(files)})" if files else ""
    return f"{po_path}:{entry.linenum}{used_in}"


def catalogue_problems(po_path: Path, language: str) -> list[str]:
    """Untranslated or fuzzy entries, and placeholders a translation changed."""
    problems = []
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        where = _where(entry, po_path)
        label = f"{language}: msgid {entry.msgid!r}"
        if entry.msgctxt:
            label += f" (context {entry.msgctxt!r})"
        if "fuzzy" in entry.flags:
            problems.append(f"{label} is marked fuzzy, at {where}")
        if entry.msgid_plural:
            forms = dict(sorted(entry.msgstr_plural.items()))
            empty = [index for index, text in forms.items() if not text]
            if not forms or empty:
                which = ", ".join(f"msgstr[{i}]" for i in empty) or "msgstr"
                problems.append(f"{label} has no translation ({which}), at {where}")
            allowed = set(placeholders(entry.msgid) + placeholders(entry.msgid_plural))
            for index, text in forms.items():
                extra = set(placeholders(text)) - allowed
                if text and extra:
                    problems.append(
                        f"{label}: msgstr[{index}] has placeholders "
                        f"{sorted(extra)} that the msgid has not, at {where}"
                    )
            named = {p for p in allowed if p.startswith(("%(", "{"))}
            last = forms.get(max(forms)) if forms else ""
            missing = named - set(placeholders(last or ""))
            if last and missing:
                problems.append(
                    f"{label}: msgstr[{max(forms)}] lacks placeholders "
                    f"{sorted(missing)}, at {where}"
                )
        else:
            if not entry.msgstr:
                problems.append(f"{label} has no translation, at {where}")
            elif sorted(placeholders(entry.msgstr)) != sorted(
                placeholders(entry.msgid)
            ):
                problems.append(
                    f"{label}: placeholders {placeholders(entry.msgstr)} in the "
                    f"translation differ from {placeholders(entry.msgid)}, at {where}"
                )
    return problems


def compiled_problems(po_path: Path) -> list[str]:
    """The .mo beside a .po must hold exactly the .po's translated entries."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path} is missing: run make messages"]
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))

    def entries(catalogue, only_translated):
        found = {}
        for entry in catalogue:
            if not entry.msgid or entry.obsolete:
                continue
            if only_translated and not entry.translated():
                continue
            value = (
                tuple(v for _k, v in sorted(entry.msgstr_plural.items()))
                if entry.msgid_plural
                else entry.msgstr
            )
            found[(entry.msgctxt or "", entry.msgid)] = value
        return found

    expected = entries(po, only_translated=True)
    actual = entries(mo, only_translated=False)
    differing = sorted(
        key
        for key in expected.keys() | actual.keys()
        if expected.get(key) != actual.get(key)
    )
    if not differing:
        return []
    sample = ", ".join(repr(msgid) for _context, msgid in differing[:5])
    return [
        f"{mo_path} is not compiled from the current {po_path.name} "
        f"(it differs for {sample}): run make messages"
    ]


# --- b. templates: no user-facing text outside translation tags -------------

# Words that are the same in every language: the product's name, file formats.
ALLOWED_WORDS = {"Harbour", "CSV", "Excel", "xlsx", "XLSX", "PDF", "JSON"}

TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder")
WORD = re.compile(r"[^\W\d_]+")


def _blank(match: re.Match) -> str:
    """The matched text as spaces, keeping its line breaks (so lines still count)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _neutral(match: re.Match) -> str:
    """A template tag or variable as a letter-free run, keeping its line breaks."""
    return re.sub(r"[^\n]", "0", match.group(0))


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.S | re.I)
_BLANKED = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S),
    _HTML_COMMENT,
    re.compile(
        r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}",
        re.S,
    ),
    _SCRIPT,
    _STYLE,
    # A block that holds CSS classes ({% block body_class %}page-home{% endblock %}).
    re.compile(r"\{%\s*block\s+\w*class\w*\s*%\}.*?\{%\s*endblock\b.*?%\}", re.S),
]
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_TAG = re.compile(r"<[A-Za-z!/][^>]*>", re.S)
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(
        rf"""(?:\s|^){re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
        tag,
        re.I,
    )
    if not match:
        return None
    return next(group for group in match.groups() if group is not None)


def _words(text: str) -> list[str]:
    return [word for word in WORD.findall(text) if word not in ALLOWED_WORDS]


@dataclass(frozen=True)
class Finding:
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.line}: {self.text}"


def untranslated_text(source: str) -> list[Finding]:
    """Words a template shows (or puts in a text attribute) outside translation
    tags, with their line numbers."""
    text = source
    for pattern in _BLANKED:
        text = pattern.sub(_blank, text)
    text = _TEMPLATE_CODE.sub(_neutral, text)
    findings = []

    def line_of(position: int) -> int:
        return text.count("\n", 0, position) + 1

    for tag_match in _TAG.finditer(text):
        tag = tag_match.group(0)
        tag_name = re.match(r"<\s*([A-Za-z0-9-]+)", tag)
        name = tag_name.group(1).lower() if tag_name else ""
        checked = list(TEXT_ATTRIBUTES)
        input_type = (_attribute(tag, "type") or "").lower()
        if name == "input" and input_type in {"submit", "button", "reset"}:
            checked.append("value")
        if name == "meta" and (_attribute(tag, "name") or "").lower() == "description":
            checked.append("content")
        for attribute in checked:
            value = _attribute(tag, attribute)
            if value and _words(html.unescape(_ENTITY.sub(" ", value))):
                shown = re.sub(r"0{3,}", "…", value)  # template code, neutralised
                findings.append(
                    Finding(line_of(tag_match.start()), f'{attribute}="{shown}"')
                )
    text = _TAG.sub(_blank, text)
    text = _ENTITY.sub(_blank, text)
    for number, line in enumerate(text.splitlines(), start=1):
        words = _words(line)
        if words:
            findings.append(Finding(number, " ".join(words)))
    return sorted(findings, key=lambda f: f.line)


TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "media", "var"}


def template_files() -> list[Path]:
    """Every template of the project: templates/ and any app's templates dir."""
    roots = [BASE_DIR / "templates"] + [
        path
        for path in sorted(BASE_DIR.glob("*/templates"))
        if path.parent.name not in SKIPPED_DIRS
    ]
    files = []
    for root in roots:
        files += [
            path
            for path in sorted(root.rglob("*"))
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
        ]
    return files


# --- c. makemessages output is committed and current -------------------------


def makefile_list(name: str) -> list[str]:
    """A `NAME := a b $(OTHER)` list from the Makefile, references expanded."""
    makefile = (BASE_DIR / "Makefile").read_text()
    match = re.search(rf"^{name}\s*:=\s*(.*)$", makefile, re.M)
    if not match:
        raise LookupError(f"The Makefile defines no {name}.")
    words = []
    for word in match.group(1).split():
        reference = re.fullmatch(r"\$\((\w+)\)", word)
        words += makefile_list(reference.group(1)) if reference else [word]
    return words


def gettext_missing_message() -> str | None:
    """Why makemessages cannot run here, or None."""
    missing = [
        tool for tool in ("xgettext", "msgmerge", "msgattrib") if not shutil.which(tool)
    ]
    if missing:
        return (
            f"{', '.join(missing)} not found: install GNU gettext "
            "(apt-get install gettext; make test does it) to check the catalogues."
        )
    return None


def extract(language: str, workdir: Path) -> Path:
    """Run makemessages the way `make messages` does, for one language, on a copy
    of the source tree whose locale/ is a copy of the committed one; return the
    copy's locale dir. The working tree's catalogues are never written."""
    ignored = set(makefile_list("MESSAGES_IGNORE")) | {"locale"}
    tree = workdir / "tree"

    def ignore(directory, names):
        here = Path(directory)
        return [
            name
            for name in names
            if (here == BASE_DIR and name in ignored)
            or name == "__pycache__"
            or name.endswith((".pyc", ".mo", ".po"))
        ]

    shutil.copytree(BASE_DIR, tree, ignore=ignore, symlinks=True)
    shutil.copytree(LOCALE_DIR / language, tree / "locale" / language)
    command = [sys.executable, "manage.py", "makemessages", f"--locale={language}"]
    command += ["--add-location=file", "--no-obsolete", "--verbosity=0"]
    runs = [
        ("django", makefile_list("MESSAGES_IGNORE")),
        ("djangojs", makefile_list("MESSAGES_JS_IGNORE")),
    ]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for domain, ignores in runs:
        subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [*command, f"--domain={domain}", *(f"--ignore={i}" for i in ignores)],
            cwd=tree,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    return tree / "locale"


def msgids(po_path: Path) -> set[tuple[str, str, str]]:
    """The (context, msgid, plural msgid) of every live entry of a catalogue."""
    if not po_path.exists():
        return set()
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for entry in polib.pofile(str(po_path))
        if entry.msgid and not entry.obsolete
    }


def currency_problems(committed: Path, fresh: Path) -> list[str]:
    """Strings the code has that the committed catalogue lacks, and the reverse."""

    def show(key):
        context, msgid, plural = key
        text = repr(msgid)
        if plural:
            text += f" / plural {plural!r}"
        if context:
            text += f" (context {context!r})"
        return text

    now, then = msgids(fresh), msgids(committed)
    problems = [
        f"{committed}: missing {show(k)}: run make messages" for k in sorted(now - then)
    ]
    problems += [
        f"{committed}: obsolete {show(k)} (no longer in the code): run make messages"
        for k in sorted(then - now)
    ]
    return problems


# --- d. a language's text in the wrong place ---------------------------------

_TEXT_NODE = re.compile(r">([^<]+)<")
# An element that declares its own language ("English" in the language switch).
_OTHER_LANGUAGE = re.compile(
    r"<(?!html\b)([A-Za-z][\w-]*)\b[^>]*\slang=[\"']?[\w-]+[^>]*>.*?</\1\s*>", re.S
)


def visible_texts(page: str) -> list[str]:
    """The texts a reader sees or hears in the page's language: text between tags
    and text attributes, leaving out elements marked with a language of their own."""
    body = page
    for pattern in (_HTML_COMMENT, _SCRIPT, _STYLE, _OTHER_LANGUAGE):
        body = pattern.sub("", body)
    texts = [" ".join(html.unescape(node).split()) for node in _TEXT_NODE.findall(body)]
    for tag in _TAG.findall(body):
        for attribute in TEXT_ATTRIBUTES:
            value = _attribute(tag, attribute)
            if value:
                texts.append(" ".join(html.unescape(value).split()))
    return [text for text in texts if text]


def translated_msgids(po_path: Path) -> set[str]:
    """English strings that the catalogue translates differently, without
    placeholders (they could not be found literally in a page)."""
    if not po_path.exists():
        return set()
    return {
        entry.msgid
        for entry in polib.pofile(str(po_path))
        if entry.translated()
        and not entry.msgid_plural
        and entry.msgstr.strip() != entry.msgid.strip()
        and not placeholders(entry.msgid)
        and WORD.search(entry.msgid)
    }


def english_left_in(page: str, english: set[str]) -> list[str]:
    """English strings of the catalogue that a page in another language shows:
    a whole text equal to one, or a text containing one of three words or more."""
    found = set()
    long_ones = [text for text in english if len(text.split()) >= 3]
    for text in visible_texts(page):
        if text in english:
            found.add(text)
        found.update(msgid for msgid in long_ones if msgid in text)
    return sorted(found)
