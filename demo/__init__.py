"""
PM1's demo data, an app of its own above every app it fills: the data tables (``data``), the seeded
plan (``plan``), the loader of the default data set (``loader``, with ``complaints``, ``foreign`` and
``summaries``) and the bulk generator of ``load_demo --scale`` (``bulk``). Nothing but ``cms`` imports it.
"""
