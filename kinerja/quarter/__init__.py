"""One quarter of one data folder: which data, which quarter."""
