"""``python -m reportgen``: the same command line as ``reportgen``."""

from reportgen.cli import main

main()
