"""A saved news page -> the plain text of its article: title, dateline, body paragraphs.

Why our own rule on selectolax (optional extra `unionparse[html]`): selectolax is small (no
dependencies, ~0.2 ms a page) and a content rule of a few dozen lines keeps what these pages
need; trafilatura is a 19 MB install and dropped a bold lead paragraph (`<div><strong>`)
holding the event date.

The rule:
1. invisible parts go (script, style, svg, forms...);
2. the title is the page's <h1> that agrees with og:title/<title>, else og:title, else <title>;
3. page furniture goes: nav, header/footer (outside the article), aside, menus, breadcrumbs,
   related-article lists, comments, share bars, ads (by tag, ARIA role and class/id words);
4. the dateline is the first remaining <time> or date-classed element holding a date, else a
   short dated line before the first long paragraph, else meta article:published_time written
   as "HH:MM, DD/MM/YYYY" (how these sites print it); it becomes the second line;
5. the main content is the element whose paragraphs hold the most text (a paragraph block
   scores for the element around it and half for that one's parent), widened to ancestors
   that add little (a lead paragraph, a byline: at most 400 characters or 30%), without
   link lists;
6. output: title line, dateline line, then one paragraph per block, separated by blank lines.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

try:
    from selectolax.lexbor import LexborHTMLParser, LexborNode
except ImportError:  # pragma: no cover - exercised only without the extra
    LexborHTMLParser = None  # type: ignore[assignment,misc]
    LexborNode = object  # type: ignore[assignment,misc]


class HtmlUnavailable(ImportError):
    """selectolax is not installed (pip install 'unionparse[html]')."""


INVISIBLE = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, "
    "select, textarea, input, link, meta, head"
)
FURNITURE_TAGS = "nav, aside, menu, dialog"
FURNITURE_ROLES = (
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
)
# Words in class/id naming furniture on Vietnamese news sites (tin liên quan = related news,
# tin khác = other news, xem/đọc nhiều = most read, quảng cáo = ads).
_FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|related|relate|"
    r"comments?|share|sharing|social|banner|ads?|advert\w*|quangcao|popup|cookie|newsletter|"
    r"pagination|paging|tags?|lienquan|tinlienquan|tin-lien-quan|lien-quan|tinkhac|tin-khac|"
    r"othernews|other-news|xemnhieu|xem-nhieu|docnhieu|doc-nhieu|most-?read|top-?news)"
    r"(?=$|[\s_-])",
    re.I,
)
_DATE_WORDS = re.compile(r"date|time|publish|posted|ngay|thoi-?gian", re.I)
_DATE_TEXT = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_SPACE = re.compile(r"[ \t\n\r\f]+")

BLOCK_TAGS = frozenset(
    "p div section article main header footer h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead "
    "tbody tfoot tr td th caption blockquote pre figure figcaption address center hr fieldset "
    "details summary".split()
)


def available() -> bool:
    return LexborHTMLParser is not None


def html_to_text(page: str) -> str:
    """The article of a saved page as plain text ('' when the page holds no text)."""
    if LexborHTMLParser is None:
        raise HtmlUnavailable("selectolax is not installed")
    tree = LexborHTMLParser(page)
    metas = _metas(tree)
    for node in reversed(tree.css(INVISIBLE)):
        if node.tag != "head":
            node.decompose()
    title = _title(tree, metas)
    body = tree.body
    if body is None:
        return title
    _drop_furniture(body)
    dateline = _dateline(body)
    root = _main_content(body)
    paragraphs = list(_paragraphs(root))
    if title:
        key = _norm(title)
        paragraphs = [p for p in paragraphs if _norm(p) != key] if key else paragraphs
    if not dateline:
        dateline = _leading_dateline(paragraphs) or _meta_dateline(metas)
    head = [line for line in (title, dateline) if line]
    if not paragraphs:
        return ""
    return "\n\n".join(head + paragraphs)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text(node: LexborNode) -> str:
    return _SPACE.sub(" ", node.text(deep=True, separator=" ")).strip()


def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = value.strip()
    title = tree.css_first("title")
    if title is not None:
        found.setdefault("<title>", _text(title))
    return found


def _title(tree: LexborHTMLParser, metas: dict[str, str]) -> str:
    reference = metas.get("og:title") or metas.get("twitter:title") or metas.get("<title>") or ""
    ref = _norm(reference)
    headings = [t for t in (_text(h) for h in tree.css("h1")) if t]
    for heading in headings:
        key = _norm(heading)
        if ref and (key in ref or ref in key):
            return heading
    if len(headings) == 1 and not ref:
        return headings[0]
    return _SPACE.sub(" ", reference).strip()


def _inside(node: LexborNode, tags: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _drop_furniture(body: LexborNode) -> None:
    total = len(_text(body)) or 1
    doomed: list[LexborNode] = list(body.css(FURNITURE_TAGS))
    for node in body.css("header, footer"):
        if not _inside(node, ("article", "main")):
            doomed.append(node)
    for node in body.css("[role], [class], [id]"):
        attrs = node.attributes
        role = (attrs.get("role") or "").lower()
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if role in FURNITURE_ROLES or _FURNITURE_WORDS.search(names):
            # a wrapper named e.g. "has-sidebar" around the whole page is not furniture
            if len(_text(node)) < 0.5 * total:
                doomed.append(node)
    # deepest first, so no node is freed before its descendants are
    seen: set[int] = set()
    for node in sorted(doomed, key=_depth, reverse=True):
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            node.decompose()


def _depth(node: LexborNode) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _dateline(body: LexborNode) -> str:
    """The first <time> or date-classed element holding a date; removed from the body."""
    for node in body.css("time, [class], [id]"):
        attrs = node.attributes
        if node.tag != "time" and not _DATE_WORDS.search(
            f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        ):
            continue
        text = _text(node)
        if text and len(text) <= 100 and _DATE_TEXT.search(text):
            node.decompose()
            return text
        if node.tag == "time" and not text:
            shown = _iso_to_shown(attrs.get("datetime") or "")
            if shown:
                return shown
    return ""


def _leading_dateline(paragraphs: list[str]) -> str:
    """A short dated line among the paragraphs before the first long one (a byline block)."""
    for i, paragraph in enumerate(paragraphs[:5]):
        if len(paragraph) > 150:
            break
        if len(paragraph) <= 100 and _DATE_TEXT.search(paragraph):
            return paragraphs.pop(i)
    return ""


def _meta_dateline(metas: dict[str, str]) -> str:
    for key in ("article:published_time", "datepublished", "pubdate", "og:published_time"):
        shown = _iso_to_shown(metas.get(key, ""))
        if shown:
            return shown
    return ""


def _iso_to_shown(value: str) -> str:
    """2023-12-21T16:42:00+07:00 -> '16:42, 21/12/2023' (local time as written)."""
    match = _ISO.match(value.strip())
    if match is None:
        return ""
    year, month, day, hour, minute = match.groups()
    date = f"{day}/{month}/{year}"
    return f"{hour}:{minute}, {date}" if hour else date


def _paragraph_blocks(root: LexborNode) -> Iterator[tuple[LexborNode, str]]:
    """(block element, its text) for every paragraph under root, in document order.

    Iterative (no recursion limit on deeply nested pages); inline whitespace collapses like a
    browser's, <br> is a line break, <pre> keeps its spacing, link lists are skipped."""
    # each entry carries how many links the nearest checked ancestor holds: a block inside one
    # with fewer than two cannot be a link list, and is not searched again (nested blocks made
    # the search of every one quadratic: 20,000 nested <div> took 12 s)
    stack: list[tuple[LexborNode, bool, float]] = [(root, False, math.inf)]
    owners: list[LexborNode] = [root]
    buffer: list[str] = []

    def flush() -> Iterator[tuple[LexborNode, str]]:
        text = "".join(buffer)
        buffer.clear()
        lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line.strip())
        if text.strip():
            yield owners[-1], text

    while stack:
        node, leaving, links = stack.pop()
        if leaving:
            yield from flush()
            owners.pop()
            continue
        tag = node.tag
        if tag == "-text":
            buffer.append(node.text_content or "")
            continue
        if tag in ("-comment", "-doctype") or tag is None:
            continue
        if tag == "br":
            buffer.append("\n")
            continue
        if tag == "pre":
            yield from flush()
            owners.append(node)
            text = node.text(deep=True)
            if text.strip():
                yield node, text.strip("\n")
            owners.pop()
            continue
        block = tag in BLOCK_TAGS and node is not root
        if block:
            if links >= 2:
                verdict, links = _link_list(node)
                if verdict:
                    continue
            yield from flush()
            owners.append(node)
            stack.append((node, True, links))
        children = list(node.iter(include_text=True))
        stack.extend((child, False, links) for child in reversed(children))
    yield from flush()


def _link_list(node: LexborNode) -> tuple[bool, float]:
    """Whether a block is a list of links (a menu, related articles), and how many links it
    holds (inf when not counted)."""
    if node.tag not in ("ul", "ol", "div", "section", "table", "dl"):
        return False, math.inf
    links = node.css("a")
    if len(links) < 2:
        return False, len(links)
    text = len(_text(node))
    linked = sum(len(_text(a)) for a in links)
    return text > 0 and linked > 0.6 * text, len(links)


def _paragraphs(root: LexborNode) -> Iterator[str]:
    for _, text in _paragraph_blocks(root):
        yield text


def _main_content(body: LexborNode) -> LexborNode:
    """The element whose paragraphs hold the most text, widened over cheap additions."""
    score: dict[int, float] = {}
    total: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for owner, text in _paragraph_blocks(body):
        weight = len(text)
        container = owner.parent if owner.parent is not None and owner is not body else owner
        nodes[container.mem_id] = container
        score[container.mem_id] = score.get(container.mem_id, 0) + weight
        parent = container.parent
        if parent is not None:
            nodes[parent.mem_id] = parent
            score[parent.mem_id] = score.get(parent.mem_id, 0) + weight / 2
        node: LexborNode | None = owner
        while node is not None:
            total[node.mem_id] = total.get(node.mem_id, 0) + weight
            node = node.parent
    if not score:
        return body
    best = nodes[max(score, key=lambda key: score[key])]
    while best.parent is not None and best.tag not in ("body", "html"):
        parent = best.parent
        inside = total.get(best.mem_id, 0)
        if total.get(parent.mem_id, 0) - inside > max(0.3 * inside, 400):
            break
        best = parent
    return best
