import streamlit as st
st.title("Presenter")
