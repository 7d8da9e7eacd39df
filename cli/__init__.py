"""The headless front end: the argument parser, one module per command group, one Output, one Context.

cli.dispatch: parse(argv) (--help and usage errors exit there), run(args, config) (the chosen command, with a
Context on `config`), guarded(work) (errors as one Chinese line and the documented exit codes).
cli.relay and cli.server: the command server that runs commands in a warm process (issue 14).

Nothing is imported here: cli.relay runs before every command and must not pay for the parser.
"""
