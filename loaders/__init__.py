"""Rasd loaders: Arabic airstrike reports → dated, geolocated incidents and per-source claims.

`python -m loaders INPUT ... [--db PATH] [--out DIR]`; see CONTRACT.md for the tables.
This package never imports streamlit.
"""
__version__ = "0.1.0"
