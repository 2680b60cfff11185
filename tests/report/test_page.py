"""report.html in a real browser: headless Chromium loads the page at desktop and phone widths
(in an iframe of that width: a headless window is never narrower than 500 px); a script
injected into a copy of the page writes what it measured into the top document, which
`--dump-dom` prints. In CI (CI=true) Chromium must be there; elsewhere the tests skip without it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html import escape, unescape
import subprocess
from pathlib import Path

import pytest

from .support import histories, report, write_jsonl

PROBE = """
<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || 'error'));
}, true);
var original = console.error;
console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
</script>
"""
MEASURE = """
<script>
(function () {
  var charts = Array.prototype.map.call(document.querySelectorAll('svg[data-chart]'), function (svg) {
    var box = svg.getBoundingClientRect();
    return {kind: svg.getAttribute('data-chart'), width: box.width, height: box.height, right: box.right,
            marks: svg.querySelectorAll('path, circle, rect').length};
  });
  var widest = 0;
  Array.prototype.forEach.call(document.body.querySelectorAll('*'), function (element) {
    if (element.closest('.table')) return;  // the table scrolls inside its own box
    widest = Math.max(widest, element.getBoundingClientRect().right);
  });
  var out = document.createElement('pre');
  out.id = 'slac-measurements';
  out.textContent = JSON.stringify({
    innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, widest: widest,
    charts: charts, errors: window.__errors, resources: performance.getEntriesByType('resource').length
  });
  window.parent.document.body.appendChild(out);
})();
</script>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs chromium to test report.html (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); report.html is not tested in a browser")
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("page")
    report([write_jsonl(folder / "h.jsonl", histories(400, seed=2))], folder / "out")
    return (folder / "out" / "report.html").read_text(encoding="utf-8")


def measure(browser: str, html: str, width: int, folder: Path) -> dict:
    probed = html.replace("<head>", "<head>" + PROBE, 1).replace("</body>", MEASURE + "</body>", 1)
    frame = (f'<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:{width}px;height:900px" '
             f'srcdoc="{escape(probed, quote=True)}"></iframe></body></html>')
    path = folder / f"report-{width}.html"
    path.write_text(frame, encoding="utf-8")
    completed = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={folder / f'profile-{width}'}", "--hide-scrollbars", f"--window-size={max(width, 500) + 40},1000",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    found = re.search(r'<pre id="slac-measurements">(.*?)</pre>', completed.stdout, re.S)
    assert found, f"chromium printed no measurements: {completed.stderr[-2000:]}"
    return json.loads(unescape(found.group(1)))


def test_the_page_is_self_contained(page: str) -> None:
    assert "<script" not in page
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "<style>" in page and page.count("<svg") >= 3


@pytest.mark.parametrize("width", [1280, 400])
def test_the_page_renders_at_desktop_and_phone_widths(page: str, width: int, tmp_path: Path) -> None:
    measured = measure(chromium(), page, width, tmp_path)
    assert measured["innerWidth"] == width
    assert measured["errors"] == [] and measured["resources"] == 0
    assert measured["scrollWidth"] <= width, "the page scrolls sideways"
    assert measured["widest"] <= width + 0.5
    kinds = {chart["kind"] for chart in measured["charts"]}
    assert kinds == {"compliance", "timeline", "distribution"}
    for chart in measured["charts"]:
        assert chart["width"] > 150 and chart["height"] > 30 and chart["marks"] > 0, chart
        assert chart["right"] <= width
