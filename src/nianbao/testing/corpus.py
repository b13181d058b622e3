"""A generated corpus on disk: each report file beside its ``.expected.json`` ground truth."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from nianbao.errors import InputError
from nianbao.testing.forms import render
from nianbao.testing.sample import FORMATS, FORMS, Sample, make_sample


def check_formats(formats: list[str]) -> list[str]:
    """The formats asked for, validated (``txt,html`` style lists are split by the CLI)."""
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError("--formats", f"未知格式 {', '.join(bad) or '(空)'}；可选：{', '.join(FORMATS)} (unknown format)")
    return formats


def samples(count: int, formats: list[str], defect_rate: float = 0.0, seed: int = 0, quirk_rate: float = 0.5) -> Iterator[Sample]:
    """``count`` samples, formats and then their layouts taken in turn; the same arguments
    give the same samples."""
    for i in range(count):
        fmt = formats[i % len(formats)]
        layouts = FORMS[fmt]
        layout = layouts[(i // len(formats)) % len(layouts)]
        yield make_sample(seed, i, fmt, layout=layout, defect_rate=defect_rate, quirk_rate=quirk_rate)


def expected_json(sample: Sample) -> str:
    return json.dumps(sample.expected(), ensure_ascii=False, indent=1) + "\n"


def generate(
    out_dir: Path, count: int, formats: list[str], defect_rate: float = 0.0, seed: int = 0, quirk_rate: float = 0.5
) -> list[Path]:
    """Write ``count`` reports and their ground truth into ``out_dir``; returns the report paths."""
    check_formats(formats)
    if not 0.0 <= defect_rate <= 1.0:
        raise InputError("--defects", f"缺陷比例须在0到1之间，收到 {defect_rate} (defect rate must be within 0..1)")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in samples(count, formats, defect_rate, seed, quirk_rate):
        path = out_dir / s.name
        path.write_bytes(render(s))
        (out_dir / (path.name.rsplit(".", 1)[0] + ".expected.json")).write_text(expected_json(s), encoding="utf-8")
        paths.append(path)
    return paths
