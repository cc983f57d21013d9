"""Sojourn's core: time scales, constants, frames, ephemeris, Kepler and Lambert.

Pure, vectorized and unit-explicit: arrays in, arrays out, no I/O, no printing.
Nothing here imports a module of Sojourn above the core (checked by import-linter).
"""
