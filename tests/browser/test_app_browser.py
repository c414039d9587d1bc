"""The dashboard as a person uses it, in headless chromium (see conftest.py for the server)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

PAGES = {
    "overview": "/",
    "compare": "/compare",
    "contrast": "/contrast",
    "timeline": "/timeline",
    # option widgets keep language-independent codes in the URL
    "evidence": "/evidence?ev_by=group&ev_unit=中国",
    "corpus": "/corpus_page",
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
PLOT_X = "() => Array.from(document.querySelectorAll('.js-plotly-plot'))[0].data.map(t => Array.from(t.x))"
CHECKED = (
    '() => Array.from(document.querySelectorAll(\'[data-testid="stMain"] [data-testid="stButtonGroup"] '
    'button[aria-checked="true"]\')).map(b => b.innerText)'
)

# A Markdown article in the shape real exports have: front matter, a repeated heading, an image with a
# caption, a two-line paragraph and a copyright footer.
UPLOAD_MD = """---
title: 测试通讯社：北约再谈印太 中方回应
outlet: 测试通讯社
date: 2024-03-05
synthetic: true
---

# 测试通讯社：北约再谈印太 中方回应

# 测试通讯社：北约再谈印太 中方回应

（测试通讯社讯）北约秘书长当天表示：“北约将加强与印太伙伴的合作。”

![](https://img.demo.invalid/t.jpg)
_会场外景，图自社交媒体_

对此，中国外交部发言人回应称，北约应摒弃冷战思维和零和博弈，
停止插手亚太事务。

**本文系测试通讯社独家稿件，未经授权，不得转载。**
"""


def _no_errors(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).all_inner_texts()


def _upload(page, app, files: list[tuple[str, bytes]]) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/corpus_page")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [{"name": n, "mimeType": "text/markdown", "buffer": b} for n, b in files]
    )
    page.get_by_text("导入报告").wait_for(timeout=60_000)
    app.wait(page)


def test_every_page_renders_chinese_without_errors_and_screenshots(page, app) -> None:  # type: ignore[no-untyped-def]
    app.screenshots.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        app.open(page, path)
        page.wait_for_timeout(700)  # let plotly draw
        _no_errors(page)
        assert page.get_by_text("演示语料为合成数据").count() >= 1
        page.screenshot(path=str(app.screenshots / f"{name}.png"))


def test_changing_a_filter_changes_the_chart_and_the_url(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/compare?cmp_by=outlet")  # narration is the outlets' own text
    page.locator(".js-plotly-plot").first.wait_for()
    before = page.evaluate(PLOT_X)
    page.get_by_text("包括媒体叙述").click()
    app.wait(page)
    page.wait_for_function("() => location.search.includes('narration=false')")
    after = page.evaluate(PLOT_X)
    assert after != before
    assert page.get_by_text("不含媒体叙述").count() >= 1
    _no_errors(page)


def test_shared_url_reopens_the_same_filter(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/compare?groups=%E4%B8%AD%E5%9B%BD&narration=false")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]').first.get_by_text("中国").first.wait_for()
    assert page.get_by_text("国家/集团: 中国").count() >= 1
    assert page.get_by_text("不含媒体叙述").count() >= 1
    _no_errors(page)


def test_url_made_in_chinese_reopens_the_same_view_in_english(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/compare?groups=%E4%B8%AD%E5%9B%BD")
    buttons = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]')
    buttons.first.get_by_text("媒体").click()
    app.wait(page)
    buttons.nth(2).get_by_text("占框架词比例").click()
    app.wait(page)
    page.wait_for_function("() => location.search.includes('cmp_measure=share')")
    assert "cmp_by=outlet" in page.url  # a code, not the Chinese label
    app.open(page, page.url.split("/compare", 1)[1].join(["/compare", ""]) + "&lang=en")
    assert page.locator("h1").first.inner_text() == "Compare actors"
    assert page.evaluate(CHECKED) == ["Outlet", "Frame", "Share of hits"]
    assert page.get_by_text("groups: 中国").count() >= 1
    # and the old label form of a link still works
    app.open(page, "/compare?cmp_by=%E5%9B%BD%E5%AE%B6/%E9%9B%86%E5%9B%A2&lang=en")
    assert page.evaluate(CHECKED)[0] == "Group"
    _no_errors(page)


def _click_mark(page, mark, expected: str) -> None:  # type: ignore[no-untyped-def]
    """Click a plotly mark until ``expected`` shows (a busy machine may still be drawing the chart)."""
    for attempt in range(4):
        mark.scroll_into_view_if_needed()
        page.wait_for_timeout(700)  # let plotly finish drawing after the scroll
        box = mark.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            page.get_by_text(expected).first.wait_for(timeout=15_000)
            return
        except Exception:
            if attempt == 3:
                raise


def test_clicking_a_bar_opens_its_evidence(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/compare")
    # a heatmap cell is clickable too (an invisible marker sits on every cell)
    heat = page.locator(".js-plotly-plot").nth(1)
    heat.scroll_into_view_if_needed()
    _click_mark(page, heat.locator("g.trace.scatter g.points path").nth(3), "所选项的证据")
    app.wait(page)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    bar = page.locator(".js-plotly-plot").first.locator("g.trace.bars g.point path").first
    bar.wait_for()
    _click_mark(page, bar, "所选项的证据")
    app.wait(page)
    page.get_by_role("button", name="在证据页打开").click()
    page.wait_for_url("**/evidence**")
    app.wait(page)
    page.get_by_text("次命中").first.wait_for()
    assert page.locator('[data-testid="stMarkdownContainer"] span').count() > 0
    _no_errors(page)
    page.screenshot(path=str(app.screenshots / "evidence_from_click.png"))


def test_download_png_and_csv_match_the_analysis(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/compare")
    page.locator(".js-plotly-plot").first.wait_for()
    app.wait(page)
    with page.expect_download(timeout=60_000) as png_info:
        # the small multiples' own PNG button (by its widget key), not whichever PNG button rendered first
        page.locator(".st-key-cmp_bars_png").get_by_text("PNG").click()
    png = Path(png_info.value.path()).read_bytes()
    # no date filter: the name carries the corpus' own date span
    assert re.fullmatch(
        r"compare_frames_rate_\d{4}-\d{2}_\d{4}-\d{2}\.png", png_info.value.suggested_filename
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000

    with page.expect_download(timeout=60_000) as csv_info:
        page.locator('[data-testid="stDownloadButton"]').get_by_text("CSV").first.click()
    raw = Path(csv_info.value.path()).read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf"
    table = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")

    from dashboard import analysis
    from dashboard.pipeline import load_demo_corpus

    expected = analysis.frame_rates(load_demo_corpus().corpus, by="actor", level="frame")
    merged = table.merge(expected, on=["unit", "key"], suffixes=("", "_expected"))
    assert len(merged) == len(table) > 0
    assert (merged["count"] == merged["count_expected"]).all()
    assert merged["rate_per_1k"].to_numpy() == pytest.approx(merged["rate_per_1k_expected"].to_numpy())


def test_timeline_point_opens_the_evidence_of_its_period(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/timeline")
    plot = page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    points = plot.locator("g.trace.scatter g.points path")
    points.first.wait_for()
    box = points.nth(min(2, points.count() - 1)).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    heading = page.get_by_text("所选项的证据")
    heading.wait_for()
    app.wait(page)
    assert re.search(r"\d{4}-\d{2}-\d{2}–\d{4}-\d{2}-\d{2}", heading.first.inner_text())
    page.get_by_role("button", name="在证据页打开").click()
    page.wait_for_url("**/evidence**")
    app.wait(page)
    page.get_by_text("时段：").first.wait_for()
    page.get_by_text("次命中").first.wait_for()
    _no_errors(page)


LABEL_BOXES = """() => { const plot = document.querySelectorAll('.js-plotly-plot')[0];
    if (!plot) return [];
    return Array.from(plot.querySelectorAll('g.textpoint text')).filter(t => t.textContent)
      .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; }); }"""


def test_contrast_labels_do_not_overlap(page, app) -> None:  # type: ignore[no-untyped-def]
    app.open(page, "/contrast")
    page.wait_for_function(f"() => ({LABEL_BOXES})().length > 0", timeout=30_000)
    page.wait_for_timeout(500)
    boxes = page.evaluate(LABEL_BOXES)
    assert 0 < len(boxes) <= 2 * 12  # at most the top 12 of each side
    for a, b in itertools.combinations(boxes, 2):
        overlap_x = min(a[2], b[2]) - max(a[0], b[0])
        overlap_y = min(a[3], b[3]) - max(a[1], b[1])
        assert overlap_x <= 2 or overlap_y <= 2, (a, b)
    page.screenshot(path=str(app.screenshots / "contrast_labels.png"))
    _no_errors(page)


def test_uploaded_markdown_article_shows_its_speakers(page, app) -> None:  # type: ignore[no-untyped-def]
    _upload(page, app, [("nato-indo-pacific.md", UPLOAD_MD.encode())])
    assert page.get_by_text("已导入 1 篇文章").count() == 1
    table = page.locator('[data-testid="stTable"]').first
    assert table.get_by_text("北约秘书长").count() >= 1
    assert table.get_by_text("外交部发言人").count() >= 1
    _no_errors(page)
    page.screenshot(path=str(app.screenshots / "corpus_after_upload.png"))


def test_markup_in_uploaded_articles_never_executes(page, app) -> None:  # type: ignore[no-untyped-def]
    evil = (
        "---\ntitle: <script>window.__xss=1</script>\noutlet: <b>测试</b>\ndate: 2024-03-06\n---\n\n"
        '中国外交部发言人表示，反对冷战思维。<img src=x onerror="window.__xss2=1">\n\n'
        "北约秘书长称，印太<script>window.__xss3=1</script>安全很重要。\n"
    )
    _upload(page, app, [("evil.md", evil.encode())])
    # a reload would start a new session (uploads live in the session): navigate inside the app
    for label in ("总览", "行为体对比", "两方对照", "证据原文"):
        page.locator('[data-testid="stSidebarNav"]').get_by_text(label).click()
        app.wait(page)
        page.wait_for_timeout(400)
        assert page.evaluate("() => [window.__xss, window.__xss2, window.__xss3]") == [None, None, None]
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first.get_by_text(
        "国家/集团"
    ).click()
    app.wait(page)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="中国", exact=True).click()
    app.wait(page)
    page.get_by_text("次命中").first.wait_for()
    # the markup is shown as text (the title in the caption), never run
    assert page.get_by_text("window.__xss=1").count() >= 1
    assert page.evaluate("() => [typeof window.__xss, typeof window.__xss2, typeof window.__xss3]") == [
        "undefined",
        "undefined",
        "undefined",
    ]
    _no_errors(page)


def test_exported_html_works_offline(browser) -> None:  # type: ignore[no-untyped-def]
    from dashboard import charts, export

    data = pd.DataFrame(
        {"unit": ["中国外交部", "北约"], "frame": ["冷战对抗", "冷战对抗"], "rate": [2.0, 1.0]}
    )
    fig = charts.small_multiples(data, unit_col="unit", key_col="frame", value_col="rate", title="离线")
    context = browser.new_context(offline=True)
    try:
        offline = context.new_page()
        offline.set_content(export.to_html(fig, title="离线").decode("utf-8"))
        offline.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
        assert offline.locator("g.trace.bars").count() == 2
    finally:
        context.close()
