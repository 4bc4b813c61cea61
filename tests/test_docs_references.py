"""Every citation of the specification names a page of docs/ and a heading that exist.

Code, tests, templates, text files, the README and the Makefile cite `docs/<page>.md` or
`docs/<page>.md#<anchor>`; Markdown files also link to each other by relative path. An anchor
is what GitHub makes of a heading (github-slugger): the heading's text in lower case, its
punctuation and symbols dropped, each space a hyphen, and `-1`, `-2` … after a repeat. The
files are those git knows (tracked, or new and not ignored), so a new file is checked before
it is committed.
"""

import os
import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
CHECKED_SUFFIXES = frozenset({".py", ".html", ".txt", ".md"})
CHECKED_NAMES = frozenset({"Makefile"})

# A citation from the repository's root; not the tail of a longer path or address.
CITATION = re.compile(r"(?<![\w./-])docs/(?P<page>[\w./-]+?\.md)(?:#(?P<anchor>[\w-]+))?")
# The reference document the code once cited by section is not in the repository.
FORMER_CITATION = re.compile(r"DOMAIN(?:\s*§|\.md)|§\s*\d")

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
HTML_ANCHOR = re.compile(r"<a\s[^>]*?\b(?:name|id)=\"(?P<anchor>[^\"]+)\"")
CODE_SPAN = re.compile(r"(`+)(?P<code>.+?)\1")
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)[^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")
# Emphasis marks; an underscore inside a word (case_transition) is kept, as GitHub keeps it.
EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
# What github-slugger strips: these general categories, except letters among them.
SLUG_DROPPED = frozenset(
    {"No", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Sc", "Sk", "Sm", "So"}
    | {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs"}
)


def checked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    paths = [ROOT / name for name in sorted(set(listed.split("\0"))) if name]
    return [
        path
        for path in paths
        if path.is_file() and (path.suffix in CHECKED_SUFFIXES or path.name in CHECKED_NAMES)
    ]


def lines_outside_code_blocks(text: str):
    """Yield (line number, line) for the lines of Markdown that are not in a fenced block."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        else:
            yield number, line


def heading_text(markdown: str) -> str:
    """Return a heading's text as GitHub renders it: no links, emphasis, code marks or tags."""
    pieces, position = [], 0
    for span in CODE_SPAN.finditer(markdown):
        pieces.append(_inline_text(markdown[position : span.start()]))
        pieces.append(span.group("code"))
        position = span.end()
    pieces.append(_inline_text(markdown[position:]))
    return "".join(pieces).strip()


def _inline_text(markdown: str) -> str:
    markdown = LINK.sub(lambda link: link.group("text"), markdown)
    return EMPHASIS.sub("", HTML_TAG.sub("", markdown))


def slug(text: str) -> str:
    kept = (
        char
        for char in text.lower()
        if char in " -" or char.isalpha() or unicodedata.category(char) not in SLUG_DROPPED
    )
    return "".join(kept).replace(" ", "-")


def headings(text: str) -> list[str]:
    found, previous = [], ""
    for _number, line in lines_outside_code_blocks(text):
        if atx := ATX_HEADING.match(line):
            found.append(heading_text(atx.group("text") or ""))
            previous = ""
            continue
        paragraph = previous.strip() and not previous.lstrip().startswith(("-", "*", "+", ">", "|"))
        if SETEXT_UNDERLINE.match(line) and paragraph:
            found.append(heading_text(previous))
            previous = ""
            continue
        previous = line
    return found


def anchors_of(text: str) -> set[str]:
    """Return the anchors GitHub gives the Markdown's headings, repeats numbered."""
    occurrences: dict[str, int] = {}
    for heading in headings(text):
        base = candidate = slug(heading)
        while candidate in occurrences:
            occurrences[base] += 1
            candidate = f"{base}-{occurrences[base]}"
        occurrences[candidate] = 0
    return set(occurrences) | {match["anchor"] for match in HTML_ANCHOR.finditer(text)}


@cache
def page_anchors(page: Path) -> set[str] | None:
    """Return the anchors of a Markdown page, or None when there is no such page."""
    if not page.is_file():
        return None
    return anchors_of(page.read_text(encoding="utf-8"))


def broken(page: Path, anchor: str | None, shown: str) -> str | None:
    """Return why a reference to `page` and `anchor` is broken, or None when it is not."""
    anchors = page_anchors(page)
    name = os.path.relpath(page, ROOT)
    if anchors is None:
        return f"{shown}: there is no page {name}"
    if anchor and anchor not in anchors:
        return f"{shown}: no heading of {name} has the anchor #{anchor}"
    return None


def where(path: Path, number: int) -> str:
    return f"{path.relative_to(ROOT)}:{number}"


def test_every_citation_names_a_page_and_a_heading_that_exist():
    problems = []
    for path in checked_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for citation in CITATION.finditer(line):
                page = ROOT / "docs" / citation["page"]
                if problem := broken(page, citation["anchor"], citation.group()):
                    problems.append(f"{where(path, number)}: {problem}")
    assert not problems, "\n".join(problems)


def test_markdown_links_reach_pages_and_headings_that_exist():
    problems = []
    for path in checked_files():
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in lines_outside_code_blocks(text):
            for link in LINK.finditer(CODE_SPAN.sub("", line)):
                target = link["target"]
                if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^/", target, re.IGNORECASE):
                    continue  # an address elsewhere, or a path on the web server
                file, _hash, anchor = target.partition("#")
                destination = (path.parent / PurePosixPath(file)).resolve() if file else path
                if destination.suffix == ".md":
                    problem = broken(destination, anchor, target)
                elif not destination.exists():
                    problem = f"{target}: there is no file {file}"
                else:
                    problem = None
                if problem:
                    problems.append(f"{where(path, number)}: {problem}")
    assert not problems, "\n".join(problems)


def test_no_file_cites_the_former_reference_document():
    problems = [
        f"{where(path, number)}: {line.strip()}"
        for path in checked_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORMER_CITATION.search(line)
    ]
    assert not problems, "\n".join(problems)


def test_anchors_follow_githubs_rules():
    page = "\n".join(
        [
            "# Time limits",
            "## Overdue and due soon",
            "## 404, not 403",
            "## `case_transition`: what it does",
            "## Registering a petition (desk, API)",
            "## Notes",
            "```sh",
            "## not a heading",
            "```",
            "## Notes",
            "## Notes ##",
            "## [Linked](search.md) and *emphasised*",
            "Sổ tiếp công dân",
            "================",
        ]
    )

    assert anchors_of(page) == {
        "time-limits",
        "overdue-and-due-soon",
        "404-not-403",
        "case_transition-what-it-does",
        "registering-a-petition-desk-api",
        "notes",
        "notes-1",
        "notes-2",
        "linked-and-emphasised",
        "sổ-tiếp-công-dân",
    }
