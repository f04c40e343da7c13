"""Benchmarks: each module ``bench/<area>.py`` has a ``main()`` that prints a Markdown table of
medians against the naive baseline measured in the same run. ``make bench`` runs them all."""
