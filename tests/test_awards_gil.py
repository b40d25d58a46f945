"""regex's fourth positional argument is `concurrent`: the extractors pass it as `common.NO_GIL_RELEASE`."""

from __future__ import annotations

from unionparse.extractors import awards as aw
from unionparse.extractors.common import NO_GIL_RELEASE


def test_fourth_argument_is_concurrent() -> None:
    assert NO_GIL_RELEASE is False
    doc = "x " * 40 + "3 tập thể được tặng bằng khen"
    r = aw._rules()
    i = doc.find("bằng")
    for pat, pos in ((r.kind, i), (r.counted_int, doc.find("3"))):
        a = pat.match(doc, pos, len(doc))
        b = pat.match(doc, pos, len(doc), NO_GIL_RELEASE)
        c = pat.match(doc, pos, len(doc), concurrent=False)
        assert a is not None and a.span() == b.span() == c.span()
