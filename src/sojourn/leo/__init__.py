"""Low Earth orbit: launch sites, TLE targets, launch windows, rendezvous and landing.

Domain layer (DESIGN.md): composes :mod:`sojourn.core` (time, frames, constants) and
``sgp4`` into the answers an analyst asks for, returned as small frozen dataclasses.
"""
