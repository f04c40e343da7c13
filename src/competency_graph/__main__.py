"""``python -m competency_graph`` runs the command line, like the ``competency-graph`` script."""

from competency_graph.cli import main

main()
