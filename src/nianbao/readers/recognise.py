"""Text detection and recognition with RapidOCR's models on onnxruntime.

The PP-OCRv4 models ship inside the ``rapidocr_onnxruntime`` wheel; nothing is downloaded.
Recognition runs the model directly rather than through RapidOCR's pipeline for two reasons:
short crops (table numbers) are batched at their own width instead of a fixed 320 pixels,
which makes a table page several times faster; and a crop that reads as a number is decoded
again over digits only, with each look-alike letter's probability added to its digit
(``O`` to ``0``, ``l`` to ``1``), so a printed zero is read as 0 with the confidence that the
model actually had in a round glyph.
"""

from __future__ import annotations

import os
from functools import lru_cache

import cv2
import numpy as np

from nianbao.errors import InputError

_BATCH = 16
_BATCH_WIDTH = 8000
_DET_SIDE = 900  # shorter side of the page as the detector sees it, in pixels
_HEIGHT = 48
# Look-alikes of the characters a number is printed with.
_DIGIT_LIKE = {
    **{d: d for d in "0123456789"},
    "O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "口": "0",
    "l": "1", "I": "1", "|": "1", "i": "1", "丨": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "b": "6", "B": "8", "g": "9", "q": "9",
    ".": ".", "·": ".", ",": ".", "-": "-", "—": "-", "一": "-", "－": "-", "/": "/",
    # specks beside a number read as marks; as dots they are stripped from its ends
    "'": ".", "`": ".", "‘": ".", "’": ".",
}


@lru_cache(maxsize=1)
def engine():
    """The RapidOCR engine (loaded once; about a second)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise InputError("<ocr>", "未安装文字识别组件：请运行 pip install 'nianbao[ocr]' (OCR extra not installed)") from None
    eng = RapidOCR()
    for wrapper in (eng.text_det.infer, eng.text_cls.infer, eng.text_rec.session):
        _tune(wrapper)
    return eng


def _tune(wrapper) -> None:
    """Reopen one of RapidOCR's model sessions with a memory arena (input widths vary from
    call to call) and no busy-waiting threads (they cost dearly on a shared two-core machine)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.intra_op_num_threads = min(4, os.cpu_count() or 1)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model = wrapper.session._model_path
    wrapper.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def _digit_classes() -> tuple[list[str], np.ndarray]:
    """Canonical number characters and, per model class, which of them it stands for (-1: none)."""
    chars = engine().text_rec.postprocess_op.character
    canon = sorted(set(_DIGIT_LIKE.values()))
    of = np.full(len(chars), -1, dtype=np.int64)
    for i, ch in enumerate(chars):
        if ch in _DIGIT_LIKE:
            of[i] = canon.index(_DIGIT_LIKE[ch])
    return canon, of


def detect(bgr: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Text lines of a BGR image: (quadrilateral, straightened crop) pairs.

    Detection runs on the page reduced to about 100 dpi (ample for body text, and four
    times cheaper); the crops are cut from the full page.
    """
    eng = engine()
    scale = min(1.0, _DET_SIDE / min(bgr.shape[:2]))
    small = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else bgr
    boxes, _ = eng.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    boxes = [np.asarray(b, dtype=np.float32) / scale for b in boxes]
    return list(zip(boxes, eng.get_crop_img_list(bgr, boxes)))


def upside_down(crops: list[np.ndarray]) -> bool:
    """Whether most of these text-line crops read upside down (direction classifier vote)."""
    if len(crops) < 3:
        return False
    _, res, _ = engine().text_cls(crops)
    return sum(1 for label, score in res if label == "180" and score > 0.9) > len(crops) * 0.6


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """(text, confidence 0..1) for each BGR crop of one text line.

    Crops that print the same glyphs (most table cells print 0) are recognised once: crops
    of the same size whose reduced binary images agree are read as one.
    """
    reps, of = _same_prints(crops)
    read = _recognise([crops[i] for i in reps])
    return [read[k] for k in of]


def _signature(crop: np.ndarray) -> np.ndarray:
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, bw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return cv2.resize(bw.astype(np.float32), (24, 16), interpolation=cv2.INTER_AREA)


def _same_prints(crops: list[np.ndarray]) -> tuple[list[int], list[int]]:
    """Representatives (indexes into crops) and, per crop, the index of its representative."""
    reps: list[int] = []
    sigs: list[np.ndarray] = []
    of: list[int] = []
    for i, c in enumerate(crops):
        h, w = c.shape[:2]
        match = -1
        if w <= 3 * h:  # only short prints (numbers, markers) repeat exactly
            sig = _signature(c)
            for k, r in enumerate(reps):
                rh, rw = crops[r].shape[:2]
                if sigs[k] is not None and abs(rh - h) <= 2 and abs(rw - w) <= 2 and float(np.abs(sigs[k] - sig).mean()) < 0.04:
                    match = k
                    break
        else:
            sig = None
        if match < 0:
            reps.append(i)
            sigs.append(sig)
            match = len(reps) - 1
        of.append(match)
    return reps, of


def _recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    rec = engine().text_rec
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
    for idx in _batches(ratios):
        ratio = max(1.0, max(ratios[i] for i in idx))
        batch = np.stack([rec.resize_norm_img(crops[i], ratio) for i in idx]).astype(np.float32)
        probs = rec.session(batch)[0]
        for i, p in zip(idx, probs):
            out[i] = _decode(p)
    return out


def _batches(ratios: list[float]) -> list[list[int]]:
    """Crop indexes by increasing width, in batches of at most _BATCH crops and _BATCH_WIDTH
    padded pixels (a long line is not batched with fifteen copies of its width in padding)."""
    batches: list[list[int]] = []
    for i in np.argsort(ratios):
        cur = batches[-1] if batches else None
        if cur is None or len(cur) >= _BATCH or (len(cur) + 1) * max(1.0, ratios[i]) * _HEIGHT > _BATCH_WIDTH:
            batches.append([int(i)])
        else:
            cur.append(int(i))
    return batches


def _decode(p: np.ndarray) -> tuple[str, float]:
    """CTC decoding of one crop's class probabilities (time x classes)."""
    chars = engine().text_rec.postprocess_op.character
    text, score = _ctc(p.argmax(axis=1), p.max(axis=1), chars)
    if text and all(ch in _DIGIT_LIKE for ch in text):
        return _decode_number(p)
    return text, score


def _ctc(best: np.ndarray, prob: np.ndarray, chars) -> tuple[str, float]:
    picked, scores, prev = [], [], -1
    for k, pr in zip(best, prob):
        if k != prev and k != 0:
            picked.append(chars[k])
            scores.append(float(pr))
        prev = k
    return "".join(picked), (float(np.mean(scores)) if scores else 0.0)


def _decode_number(p: np.ndarray) -> tuple[str, float]:
    """Decode over blank + number characters, each digit taking its look-alikes' probability."""
    canon, of = _digit_classes()
    merged = np.zeros((p.shape[0], len(canon) + 1), dtype=np.float64)
    merged[:, 0] = p[:, 0]
    cols = of >= 0
    np.add.at(merged.T, of[cols] + 1, p[:, cols].T)
    text, score = _ctc(merged.argmax(axis=1), merged.max(axis=1), ["", *canon])
    # a dot or dash after the last digit, or a dot before the first, is a speck on the scan
    return text.rstrip(".-/").lstrip(".") if any(ch.isdigit() for ch in text) else text, score
