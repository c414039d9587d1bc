"""Corpus: upload articles, the import report, unresolved speakers, edit lexicon and registry, reset."""

import pandas as pd
import streamlit as st

from dashboard import export, ui
from dashboard.i18n import t
from dashboard.ui import tr

ui.demo_banner()
st.title(tr("page_corpus"))
st.info(tr("session_note"), icon=":material/lock:")
st.caption(tr("active_corpus", name=ui.md_escape(ui.active_name())))

# ---- upload
lang = ui.lang()  # fixed for this run: format_func may be called outside it (AppTest)
mode = st.radio(
    tr("replace_or_add"),
    ["replace", "add"],
    format_func=lambda v: t(f"{v}_corpus", lang),
    horizontal=True,
    key="up_mode",
)
files = st.file_uploader(tr("upload"), accept_multiple_files=True, key="uploads")
if files:
    items = [(f.name, f.getvalue()) for f in files]
    if ui.upload_signature(items, mode=str(mode)) != st.session_state.get("_upload_sig"):
        bar = st.progress(0.0, text=tr("extracting", done=0, total="?"))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=tr("extracting", done=done, total=total))

        ui.import_uploads(items, add=mode == "add", progress=progress)
        bar.empty()
        st.rerun()  # the sidebar, banner and report now describe the new corpus

report = st.session_state.get("_upload_report")
if report is not None:
    st.subheader(tr("import_report"))
    if report["articles"]:
        st.success(tr("import_ok", n=report["articles"]))
    else:
        st.error(tr("import_none"))
    if report["issues"]:
        for issue in report["issues"]:
            (st.error if getattr(issue, "kind", "error") == "error" else st.warning)(ui.md_escape(str(issue)))
    if not report["speakers"].empty:
        st.markdown(f"**{tr('speakers_found')}**")
        speakers = report["speakers"]
        st.table(speakers.rename(columns=ui.column_labels(speakers.columns)), hide_index=True)

# ---- unresolved speakers
st.subheader(tr("unresolved"))
unresolved = ui.active_result().unresolved
if unresolved.empty:
    st.caption("—")
else:
    st.dataframe(unresolved, hide_index=True, column_config=ui.column_labels(unresolved.columns))
    ui.downloads(None, unresolved, name="unresolved_speakers", key="unres_dl")

# ---- lexicon
st.subheader(tr("lexicon"))
lexicon_table = ui.session_lexicon().table
lexicon_edit = st.data_editor(
    lexicon_table,
    num_rows="dynamic",
    key="lex_editor",
    hide_index=True,
    column_config=ui.column_labels(lexicon_table.columns),
)
c1, c2 = st.columns([1, 3])
if c1.button(tr("apply_edits"), key="lex_apply", icon=":material/check:"):
    error = ui.apply_lexicon(pd.DataFrame(lexicon_edit))
    if error:
        st.error(tr("edits_invalid", error=ui.md_escape(error)))
    else:
        st.rerun()
c2.download_button(
    tr("download_csv"),
    data=export.to_csv(ui.session_lexicon().table),
    file_name="lexicon.csv",
    mime="text/csv",
    on_click="ignore",
    key="lex_dl",
)

# ---- registry
st.subheader(tr("registry"))
registry = ui.session_registry()
tabs = st.tabs([tr("reg_actors"), tr("reg_people"), tr("reg_groups")])
edited: dict[str, pd.DataFrame] = {}
for tab, name in zip(tabs, ("actors", "people", "groups"), strict=True):
    with tab:
        table = getattr(registry, name)
        edited[name] = pd.DataFrame(
            st.data_editor(
                table,
                num_rows="dynamic",
                key=f"reg_{name}",
                hide_index=True,
                column_config=ui.column_labels(table.columns),
            )
        )
        st.download_button(
            tr("download_csv"),
            data=export.to_csv(table),
            file_name=f"{name}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"reg_dl_{name}",
        )
if st.button(tr("apply_edits"), key="reg_apply", icon=":material/check:"):
    error = ui.apply_registry(edited)
    if error:
        st.error(tr("edits_invalid", error=ui.md_escape(error)))
    else:
        st.rerun()

st.divider()
if st.button(tr("reset_defaults"), key="reset", icon=":material/restart_alt:"):
    ui.reset_to_defaults()
    st.rerun()
