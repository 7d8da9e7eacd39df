"""The headless front end: the argument parser, one module per command group, one Output."""
