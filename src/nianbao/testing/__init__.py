"""A synthetic corpus with ground truth, for tests and benchmarks.

>>> from nianbao.testing import make_sample, render, differences
>>> s = make_sample(seed=7, index=0, fmt="html", defect_rate=0.3)
>>> data = render(s)                      # the file's bytes, the same for the same arguments
>>> s.expected()["cells"]["t3.new_received.total"]

The flow, one module each: ``agencies`` (real regions, six agency levels) and ``figures``
(consistent tables at real magnitudes) give the truth :class:`~nianbao.schema.model.Report`;
``narrative`` writes the six sections; ``quirks`` and ``defects`` change what is printed and
the truth with it; ``printed`` lays the report out as paragraphs and table grids; the
``*_form`` modules write text layouts, HTML, DOCX and PDF; ``corpus`` writes files beside
their ``.expected.json``; ``compare`` lists how a parse differs from the truth.
"""

from nianbao.testing.compare import differences
from nianbao.testing.corpus import generate, samples
from nianbao.testing.forms import render
from nianbao.testing.sample import FORMATS, FORMS, Sample, make_sample

__all__ = ["make_sample", "render", "differences", "generate", "samples", "Sample", "FORMATS", "FORMS"]
