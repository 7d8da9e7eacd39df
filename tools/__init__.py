"""Developer tools run from a checkout (`python -m tools.build_templates`); not installed with the program."""
