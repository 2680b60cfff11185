"""`python -m slac` runs the command-line interface."""

from slac.cli import main

main()
