"""Adjustments to third-party libraries, each pinned to the exact version it was written for.

A module here changes another package's behaviour (a monkey patch, or an edit of data it loads). It checks the
installed version when imported and refuses to run against any other, so that an upgrade is a deliberate step:
re-read the patched code, run the module's tests, then move the pin.
"""
