"""Measurements of a page in real Chromium at phone widths: sideways scroll, words split inside
table cells, chart label sizes and where the first ALSFRS-R answer is."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from playwright.sync_api import Page

from alsnav.errors import InputError

# Every word (split at spaces, hyphens and slashes) of every table cell lies on one line.
SPLIT_WORDS_JS = r"""() => {
  const split = [];
  for (const cell of document.querySelectorAll('th, td, caption')) {
    if (!cell.offsetParent) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\s\-\/–—]+/g; let m;
      while ((m = re.exec(node.data)) !== null) {
        if (m[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const tops = new Set(rects.map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""

# The smallest rendered size (CSS px) of any visible chart label.
SMALLEST_CHART_TEXT_JS = r"""() => {
  let smallest = Infinity;
  for (const t of document.querySelectorAll('svg text')) {
    const box = t.getBoundingClientRect();
    if (box.width === 0) continue;
    const ctm = t.getScreenCTM();
    const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? ctm.a : 1);
    smallest = Math.min(smallest, size);
  }
  return smallest === Infinity ? null : smallest;
}"""


def page_width(page: Page) -> int:
    """How wide the page is (more than the window's width means sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def window_width(page: Page) -> int:
    return int(page.evaluate("window.innerWidth"))


def split_words(page: Page) -> list[str]:
    return list(page.evaluate(SPLIT_WORDS_JS))


def smallest_chart_text(page: Page) -> float | None:
    value = page.evaluate(SMALLEST_CHART_TEXT_JS)
    return None if value is None else float(value)


def first_answer_top(page: Page) -> float:
    """Where the first ALSFRS-R answer's box starts, in CSS px from the top of the page."""
    return float(
        page.eval_on_selector(
            "main input[type=radio][name^=item_]",
            "e => e.closest('label').getBoundingClientRect().top + window.scrollY",
        )
    )


def months_of_data(record: Any, owner: Any, *, assessments: int = 12, measurements: int = 20) -> None:
    """Add a year of monthly ALSFRS-R and a run of measurements to ``record`` (entered by ``owner``)."""
    from alsnav_web.patients import services

    start = dt.date(2025, 1, 15)
    today = dt.date.today()
    for i in range(assessments):
        score = max(0, 4 - i // 4)
        scores = {k: score for k in ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")}
        when = start + dt.timedelta(days=30 * i)
        with contextlib.suppress(InputError):  # a date the fixture already has
            services.assessment_add(
                record=record, actor=owner, when=when, scores=scores, answered_by="self", today=today
            )
    for i in range(measurements):
        when = start + dt.timedelta(days=15 * i + 3)
        values = [services.NewMeasurement(type="weight_kg", value=70 - i * 0.4)]
        if i % 2 == 0:
            values.append(services.NewMeasurement(type="fvc_percent", value=90 - i, position="sitting"))
        with contextlib.suppress(InputError):
            services.measurements_add(record=record, actor=owner, when=when, values=values, today=today)
