"""Compare a parsed report with its ground truth; the differences as readable lines."""

from __future__ import annotations

from nianbao.schema.model import Report
from nianbao.text import label_key


def differences(parsed: Report, expected: dict, sections: bool = True) -> list[str]:
    """What ``parsed`` gets wrong against ``expected`` (an .expected.json object); empty when exact.

    Compared: edition, year, agency, every cell (value and null-ness), and the section numbers
    and printed titles. Section text is compared without whitespace (layouts wrap lines).
    """
    out = []
    if parsed.edition != expected["edition"]:
        out.append(f"edition: expected {expected['edition']}, got {parsed.edition}")
    for k in ("year", "agency"):
        if getattr(parsed.meta, k) != expected["meta"].get(k):
            out.append(f"meta.{k}: expected {expected['meta'].get(k)!r}, got {getattr(parsed.meta, k)!r}")
    got = parsed.values()
    want = expected["cells"]
    for cid in sorted(set(got) | set(want)):
        g, w = got.get(cid, "<absent>"), want.get(cid, "<absent>")
        if g != w or (g is None) != (w is None):
            if w is None and g == "<absent>":
                continue  # an unprinted alternative row may be left out
            out.append(f"{cid}: expected {w!r}, got {g!r}")
    if sections:
        want_s = [(s["number"], label_key(s["title"])) for s in expected["sections"]]
        got_s = [(s.number, label_key(s.title)) for s in parsed.sections]
        if want_s != got_s:
            out.append(f"sections: expected {want_s}, got {got_s}")
        texts = {s.number: "".join(s.text.split()) for s in parsed.sections}
        for s in expected["sections"]:
            t = "".join(s["text"].split())
            if t and t not in texts.get(s["number"], ""):
                out.append(f"section {s['number']} text differs")
    return out
