"""Entry point: `streamlit run app.py`. Routes only; the pages live in dashboard/app_pages/."""

import streamlit as st

from dashboard import ui

st.set_page_config(
    page_title="Framing dashboard · 新闻框架对比", page_icon=":material/compare_arrows:", layout="wide"
)
ui.language_switch()
page = st.navigation(
    [
        st.Page(
            ui.PAGES["overview"], title=ui.tr("page_overview"), icon=":material/dashboard:", default=True
        ),
        st.Page(ui.PAGES["compare"], title=ui.tr("page_compare"), icon=":material/bar_chart:"),
        st.Page(ui.PAGES["contrast"], title=ui.tr("page_contrast"), icon=":material/compare_arrows:"),
        st.Page(ui.PAGES["timeline"], title=ui.tr("page_timeline"), icon=":material/timeline:"),
        st.Page(ui.PAGES["evidence"], title=ui.tr("page_evidence"), icon=":material/format_quote:"),
        st.Page(ui.PAGES["corpus"], title=ui.tr("page_corpus"), icon=":material/upload_file:"),
    ]
)
ui.sidebar_filters()
page.run()
