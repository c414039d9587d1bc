"""Chinese and English UI strings.

``t("key", "en")`` returns the English string; unknown keys fall back to the key itself so a
missing translation is visible but never crashes a page. Framing terms are never translated:
they keep their Chinese form and the English gloss goes into hover text (see ``term_label``).
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["zh", "en"]
LANGS: Final[tuple[Lang, ...]] = ("zh", "en")

#: key -> (Chinese, English). Placeholders use ``str.format`` names.
STRINGS: Final[dict[str, tuple[str, str]]] = {
    # app / navigation
    "app_title": ("新闻框架对比", "Framing dashboard"),
    "page_overview": ("总览", "Overview"),
    "page_compare": ("行为体对比", "Compare actors"),
    "page_contrast": ("两方对照", "Contrast two actors"),
    "page_timeline": ("时间趋势", "Over time"),
    "page_evidence": ("证据原文", "Evidence"),
    "page_corpus": ("语料与词表", "Corpus"),
    "language": ("语言 / Language", "语言 / Language"),
    # sidebar filters
    "filters": ("筛选", "Filters"),
    "f_groups": ("国家/集团", "Groups"),
    "f_actors": ("行为体", "Actors"),
    "f_outlets": ("媒体", "Outlets"),
    "f_frames": ("框架", "Frames"),
    "f_from": ("起始日期", "From"),
    "f_to": ("截止日期", "To"),
    "f_undated": ("包括无日期文章", "Include undated articles"),
    "f_narrator": ("包括媒体叙述", "Include outlet narration"),
    "f_quoted": ("包括引号内用法（如“印太”）", "Include quoted uses (scare quotes)"),
    "f_min_statements": ("每个行为体最少陈述数", "Minimum statements per actor"),
    "f_reset": ("清除筛选", "Clear filters"),
    "all": ("全部", "all"),
    "all_choices": ("全部（不限）", "All (no filter)"),
    "choose_one": ("请选择…", "Choose…"),
    "choose_many": ("请选择（可多选）…", "Choose one or more…"),
    # filter captions (ui.describe_filters)
    "d_actors": ("行为体", "actors"),
    "d_groups": ("国家/集团", "groups"),
    "d_outlets": ("媒体", "outlets"),
    "d_frames": ("框架", "frames"),
    "d_from": ("自 {date} 起", "from {date}"),
    "d_until": ("截至 {date}", "until {date}"),
    "d_no_undated": ("不含无日期文章", "undated excluded"),
    "d_no_narration": ("不含媒体叙述", "narration off"),
    "d_no_quoted": ("不含引号内用法", "quoted uses off"),
    "d_min_statements": ("仅含陈述数≥{n}的行为体", "actors with ≥{n} statements"),
    "d_all": ("全部陈述（未筛选）", "all statements"),
    "share_link": ("复制浏览器地址即可分享当前视图。", "Copy the browser address to share this view."),
    # overview
    "demo_banner": (
        "演示语料为合成数据 / synthetic demo corpus — statements are not real quotes",
        "演示语料为合成数据 / synthetic demo corpus — statements are not real quotes",
    ),
    "m_articles": ("文章", "Articles"),
    "m_statements": ("陈述", "Statements"),
    "m_actors": ("行为体", "Actors"),
    "m_outlets": ("媒体", "Outlets"),
    "m_span": ("时间范围", "Date span"),
    "m_first": ("最早日期", "First date"),
    "m_last": ("最新日期", "Last date"),
    "top_n_frames": ("每组显示的框架数", "Frames per group"),
    "max_groups": ("显示的国家/集团数", "Groups shown"),
    "hidden_units": (
        "另有 {n} 个单位未显示（按陈述数排序；可在上方调整）。",
        "{n} more units not shown (ordered by statements; change it above).",
    ),
    "others": ("其他", "others"),
    "others_note": (
        "“其他”为未单独列出的框架/词语之和；点击其余柱查看原文。",
        "“others” sums the frames/terms not listed; click any other bar for its statements.",
    ),
    "m_undated": ("无日期陈述", "Undated statements"),
    "m_narration": ("叙述占比", "Share of narration"),
    "m_hits": ("框架词命中", "Framing-term hits"),
    "top_frames": ("各集团主要框架", "Top frames per group"),
    "no_data": ("当前筛选下没有数据。", "No data under the current filter."),
    # compare
    "measure": ("指标", "Measure"),
    "rate": ("每千词频率", "Rate per 1,000 tokens"),
    "share": ("占框架词比例", "Share of framing hits"),
    "count": ("次数", "Count"),
    "m_rate": ("每千词频率", "Per 1,000 tokens"),
    "m_share": ("占框架词比例", "Share of hits"),
    "m_count": ("次数", "Count"),
    "unit": ("比较单位", "Compare by"),
    "by_actor": ("行为体", "Actor"),
    "by_group": ("国家/集团", "Group"),
    "by_outlet": ("媒体", "Outlet"),
    "level": ("层级", "Level"),
    "level_frame": ("框架", "Frame"),
    "level_term": ("词语", "Term"),
    "max_units": ("最多显示单位数", "Show at most this many units"),
    "choose_units": (
        "对比的单位（默认：陈述最多的 6 个，不含媒体叙述和未识别说话人）",
        "Units to compare (default: the 6 with most statements, narration and unresolved left out)",
    ),
    "max_keys": ("每个小图最多显示的词语数", "Terms per panel"),
    "small_multiples": ("并列小图（共享坐标轴）", "Small multiples (shared axis)"),
    "heatmap": ("行为体 × 框架 热力图", "Actor × frame heatmap"),
    "naming": ("命名选择（如 印太 / 亚太）", "Naming choice (e.g. 印太 vs 亚太)"),
    "naming_share": ("选用“{option}”的比例", "Share using “{option}”"),
    "click_hint": (
        "点击柱或格子查看其背后的原文证据。",
        "Click a bar or cell to see the statements behind it.",
    ),
    "selected_evidence": ("所选项的证据：{what}", "Evidence for the selection: {what}"),
    "open_evidence": ("在证据页打开", "Open on the Evidence page"),
    "interval_note": ("误差线为95%区间。", "Error bars are 95% intervals."),
    # contrast
    "side_a": ("A 方", "Side A"),
    "side_b": ("B 方", "Side B"),
    "rest": ("其余全部", "all others"),
    "mode": ("范围", "Vocabulary"),
    "mode_lexicon": ("词表中的框架词", "Lexicon terms"),
    "mode_tokens": ("全部词语（去停用词）", "All tokens (stopwords removed)"),
    "method": ("方法", "Method"),
    "method_fightin": (
        "Fightin' Words（对数比值 z 值，信息先验）",
        "Fightin' Words (log-odds z, informative prior)",
    ),
    "method_chi2": ("卡方关键性", "Chi-square keyness"),
    "method_lr": ("对数似然关键性 (G²)", "Log-likelihood keyness (G²)"),
    "alpha0": ("先验强度 α₀", "Prior strength α₀"),
    "shown_method": ("当前显示：{method}", "Shown: {method}"),
    "top_terms_of": ("{side} 多用的词", "Terms over-used by {side}"),
    "suggestions": ("词表外的高频差异词（建议加入词表）", "Over-used tokens missing from the lexicon"),
    "add_to_lexicon": ("加入词表", "Add to lexicon"),
    "added_term": (
        "已将“{term}”加入本次会话的词表并重新匹配。",
        "Added “{term}” to this session's lexicon and re-matched.",
    ),
    "more_a": ("{a} 更多用 ↑", "↑ more used by {a}"),
    "more_b": ("{b} 更多用 ↓", "↓ more used by {b}"),
    "log_freq": ("log10(总频次)", "log10(total frequency)"),
    "same_sides": ("请选择两个不同的对象。", "Choose two different sides."),
    "new_frame": ("新框架", "New frame"),
    # timeline
    "freq": ("时间粒度", "Period"),
    "freq_week": ("周", "Week"),
    "freq_month": ("月", "Month"),
    "freq_quarter": ("季度", "Quarter"),
    "freq_year": ("年", "Year"),
    "keys": ("框架或词语", "Frames or terms"),
    "units": ("行为体", "Units"),
    "period": ("时间", "Period"),
    # evidence
    "ev_term": ("词语", "Term"),
    "ev_frame": ("框架", "Frame"),
    "ev_unit": ("行为体/集团", "Actor / group"),
    "ev_naming": ("命名选择", "Naming choice"),
    "ev_naming_option": ("命名选项", "Naming option"),
    "ev_rows": ("共 {n} 条陈述", "{n} statements"),
    "ev_rows_hits": ("共 {n} 条陈述 · {hits} 次命中", "{n} statements · {hits} hits"),
    "ev_page": ("页码", "Page"),
    "ev_speaker": ("说话人", "Speaker"),
    "ev_actor": ("行为体", "Actor"),
    "ev_cue": ("引语动词", "Cue"),
    "ev_outlet": ("媒体", "Outlet"),
    "ev_date": ("日期", "Date"),
    "ev_title": ("标题", "Title"),
    "ev_text": ("原文", "Text"),
    "ev_download": ("下载证据 CSV", "Download evidence CSV"),
    "ev_choose": (
        "选择一个词、框架或行为体以查看原文。",
        "Choose a term, frame or actor to see the statements.",
    ),
    "ev_narration": ("（媒体叙述）", "(narration)"),
    "undated": ("无日期", "undated"),
    # corpus
    "upload": (
        "上传文章（可多选；支持 Markdown、TXT、HTML、CSV、JSON、JSONL、ZIP 等）",
        "Upload articles (several at once; Markdown, TXT, HTML, CSV, JSON, JSONL, ZIP …)",
    ),
    "extracting": ("正在抽取陈述… {done}/{total}", "Extracting statements… {done}/{total}"),
    "import_report": ("导入报告", "Import report"),
    "import_ok": ("已导入 {n} 篇文章。", "Imported {n} articles."),
    "import_none": ("没有可导入的文章。", "No articles could be imported."),
    "issue_source": ("来源", "Source"),
    "issue_reason": ("原因", "Reason"),
    "issue_kind": ("类型", "Kind"),
    "unresolved": ("未识别的说话人", "Unresolved speakers"),
    "lexicon": ("框架词表", "Framing lexicon"),
    "registry": ("行为体登记表", "Actor registry"),
    "reg_actors": ("机构/行为体", "Actors"),
    "reg_people": ("人物", "People"),
    "reg_groups": ("国家/集团", "Groups"),
    "apply_edits": ("应用修改并重新匹配", "Apply edits and re-match"),
    "edits_invalid": ("修改无效：{error}", "Edits are invalid: {error}"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "reset_defaults": (
        "恢复默认（演示语料、默认词表和登记表）",
        "Reset to defaults (demo corpus, default lexicon and registry)",
    ),
    "session_note": (
        "上传的数据只保存在当前会话中，不会覆盖随附文件。",
        "Uploads live in this session only; the bundled files are never overwritten.",
    ),
    "active_corpus": ("当前语料：{name}", "Active corpus: {name}"),
    "corpus_demo": ("演示语料", "demo corpus"),
    "corpus_uploaded": ("上传语料（{n} 个文件）", "uploaded corpus ({n} files)"),
    "replace_or_add": ("上传后", "After upload"),
    "replace_corpus": ("替换当前语料", "Replace the current corpus"),
    "add_corpus": ("加入当前语料", "Add to the current corpus"),
    "speakers_found": ("本次上传中识别到的说话人", "Speakers found in this upload"),
    # downloads / captions
    "download": ("下载", "Download"),
    "c_term": ("词语", "Term"),
    "c_gloss": ("英文释义", "English gloss"),
    "c_count_a": ("A 方次数", "Count A"),
    "c_count_b": ("B 方次数", "Count B"),
    "c_score": ("统计量", "Score"),
    "caption_n": ("n = {n} 条陈述 · {filters}", "n = {n} statements · {filters}"),
    "loading_error": ("无法加载：{error}", "Could not load: {error}"),
    # corpus store (FRAMING_STORE)
    "corpus_store": ("抽取结果目录 {path}", "extracted store {path}"),
    "store_error": (
        "无法打开 {env} 指定的语料目录，已改为显示演示语料：{error}",
        "Could not open the store named by {env}; showing the demo corpus instead: {error}",
    ),
    # contrast labels / timeline clicks / evidence period
    "label_top": ("每方标注的词数", "Labelled terms per side"),
    "label_note": (
        "只标注每方统计量绝对值最大的词（避免重叠）；其余词请将鼠标悬停查看。",
        "Only the strongest terms of each side are labelled (without overlaps); hover for the rest.",
    ),
    "tl_click_hint": (
        "点击某个时间点查看该时段的原文证据。",
        "Click a point to see the statements of that period.",
    ),
    "ev_period": ("时段：{period}", "Period: {period}"),
    "ev_clear_period": ("取消时段限制", "Clear the period"),
    # table column headers (data keep their column names; these are the labels shown)
    "col_speaker": ("说话人", "Speaker"),
    "col_actor": ("行为体", "Actor"),
    "col_actor_en": ("英文名称", "English name"),
    "col_group": ("国家/集团", "Group"),
    "col_group_en": ("国家/集团（英文）", "Group (English)"),
    "col_count": ("次数", "Count"),
    "col_statements": ("陈述数", "Statements"),
    "col_articles": ("文章数", "Articles"),
    "col_example_statement_id": ("示例陈述 ID", "Example statement id"),
    "col_term": ("词语", "Term"),
    "col_frame": ("框架", "Frame"),
    "col_frame_en": ("框架（英文）", "Frame (English)"),
    "col_gloss_en": ("英文释义", "English gloss"),
    "col_policy_frame": ("政策框架", "Policy frame"),
    "col_variants": ("异体/变体（| 分隔）", "Variants (| separated)"),
    "col_naming": ("命名选择", "Naming choice"),
    "col_name_option": ("命名选项", "Naming option"),
    "col_not_inside": ("不在其中匹配（| 分隔）", "Not inside (| separated)"),
    "col_type": ("类型", "Type"),
    "col_aliases": ("别名（| 分隔）", "Aliases (| separated)"),
    "col_name": ("姓名", "Name"),
    "col_name_en": ("英文姓名", "English name"),
    "col_office": ("职务", "Office"),
    "col_start": ("起始年份", "Start"),
    "col_end": ("结束年份", "End"),
    "col_kind": ("类别", "Kind"),
    "col_prefixes": ("称谓前缀（| 分隔）", "Title prefixes (| separated)"),
}


def t(key: str, lang: Lang = "zh", /, **values: object) -> str:
    """The UI string for ``key`` in ``lang``, formatted with ``values``.

    >>> t("ev_rows", "en", n=3)
    '3 statements'
    """
    pair = STRINGS.get(key)
    text = key if pair is None else pair[0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def term_label(term: str, gloss: str) -> str:
    """Hover text for a framing term: always the Chinese form, with the English gloss when known.

    >>> term_label("印太", "Indo-Pacific")
    '印太 (Indo-Pacific)'
    """
    return f"{term} ({gloss})" if gloss else term
