//! Demo province generator (being written).
