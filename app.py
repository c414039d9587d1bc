"""Entry point: `streamlit run app.py`. Routes only; the pages live in dashboard/app_pages/."""

import streamlit as st

st.set_page_config(page_title="Framing dashboard", layout="wide")
st.title("Framing dashboard")
st.info("Pages are being built.")
