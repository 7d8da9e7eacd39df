"""督办台 entry point: `supervisor [--db PATH] [--today DATE] [--json] [COMMAND]`.

Parse the command line, read the configuration (store/config.py: the environment, then --db and --today),
and hand over: a command runs in cli/, no command opens the workbench in tui/. `--help` and usage errors
end at the parser, before any command, store code or configuration is loaded; no command loads Textual.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

_ran_command = False  # set when a command (not the workbench) ran: see run()
_default_threshold = gc.get_threshold()
GC_THRESHOLD = (50_000, 20, 20)
"""Start-up and a command create tens of thousands of objects without reference cycles (modules, decoded
records); with the default threshold (700 allocations) the cycle collector walked them again and again (2–5 ms
of a command at 10,000 items). Collections are made rarer for a command, not switched off; the workbench goes
back to the default."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run `supervisor` with `argv` (None: the process's arguments); the configuration is read now, not at
    import, so tests can set the environment per test."""
    import cli

    args = cli.parse(argv)

    def work() -> int:
        from store.config import Config

        config = Config.from_env(db=args.db, today=args.today)
        if args.command is None:
            from tui.app import run

            gc.set_threshold(*_default_threshold)  # the workbench runs for hours and makes cyclic garbage
            return run(config)
        global _ran_command
        _ran_command = True
        return cli.run(args, config)

    return cli.guarded(work)


def run() -> None:
    """The `supervisor` command: main() with rarer cycle collections, then, after a command, leave without
    freeing the heap.

    Freeing a parsed database object by object at exit costs more than some commands (10,000 items: 70 ms).
    By the time main() returns, the command has closed every file it wrote (each write is a `with` block and
    an atomic swap) and released the lock (cli.run closes the database whatever happens), so only the output
    streams need flushing. The workbench exits normally (Textual restores the terminal in its own handlers).
    """
    gc.set_threshold(*GC_THRESHOLD)
    code = main()
    if not _ran_command:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # a closed pipe (`| head`): nothing more to say
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
