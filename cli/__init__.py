"""The headless front end: the argument parser, one module per command group, one Output, one Context.

parse(argv) -> argparse.Namespace        --help and usage errors exit here
run(args, config) -> exit code           the chosen command, with a Context on `config`
guarded(work) -> exit code               errors as one Chinese line and the documented exit codes
"""

from cli.dispatch import guarded, parse, report_error, run

__all__ = ["guarded", "parse", "report_error", "run"]
