"""The real dashboard (app.py) with an extracted store as the active corpus, for the RSS benchmark.

``FRAMING_STORE=<store dir> streamlit run bench/dashboard_app.py``: loads the store once per server
(``st.cache_resource``), makes it every session's active corpus the way an upload does
(``st.session_state["_active"]``, see dashboard/ui.py), then runs app.py unchanged. Used by
``bench/run.py`` only while dashboard/ui.py does not read ``FRAMING_STORE`` itself.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import ui  # noqa: E402
from dashboard.pipeline import ExtractionResult, load_corpus  # noqa: E402


@st.cache_resource(show_spinner="Loading the store…")
def _store(path: str) -> ExtractionResult:
    return ExtractionResult(corpus=load_corpus(Path(path)))


_path = os.environ.get("FRAMING_STORE", "")
if _path and not isinstance(st.session_state.get("_active"), ExtractionResult):
    st.session_state["_active"] = _store(_path)
    st.session_state["_active_key"] = f"store:{_path}"
    st.session_state["_active_name"] = Path(_path).name
# Page files are relative to the main script's folder: point them at the repository's pages.
for _key, _page in list(ui.PAGES.items()):
    ui.PAGES[_key] = str(ROOT / _page)  # type: ignore[index]
os.chdir(ROOT)
runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
