"""PM1's demo data: the data tables, the seeded plan, and the two loaders used by ``load_demo``."""
