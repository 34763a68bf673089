"""
A kind of tracked item that exists only in the tests (``cms.settings.test`` installs it): it plugs
into the registry from its own app, as a fifth kind would, and the tests see the rest of PM1 take
it in with no change outside this app (``tests/core/test_kinds.py``).
"""
