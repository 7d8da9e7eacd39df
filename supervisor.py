"""督办台 entry point: `supervisor [--db PATH] [--today DATE] [--json] [COMMAND]`.

Parse the command line, read the configuration (store/config.py: the environment, then --db and --today),
and hand over: a command runs in cli/, no command opens the workbench in tui/. `--help` and usage errors
end at the parser, before any command, store code or configuration is loaded; no command loads Textual.

On POSIX a command is first offered to the command server (cli/relay.py, cli/server.py): a warm process that
runs it in a forked child on this terminal, which saves Python's start-up and imports. When none answers,
the command runs here and starts one for the next command. SUPERVISOR_SERVER=0 switches this off.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence

ROOT = os.path.dirname(os.path.abspath(__file__))
"""Where our code lives: this checkout, or site-packages of a regular install."""
CODE = tuple(os.path.join(ROOT, name) for name in ("supervisor.py", "cli", "store", "docx_templates"))
"""The files whose change makes a running command server stale (cli/server.py)."""
_ran_command = False  # set when a command (not the workbench) ran: see run()
_start_server = False  # set by run() when no command server answered: the command starts one
_default_threshold = gc.get_threshold()
GC_THRESHOLD = (50_000, 20, 20)
"""Start-up and a command create tens of thousands of objects without reference cycles (modules, decoded
records); with the default threshold (700 allocations) the cycle collector walked them again and again (2–5 ms
of a command at 10,000 items). Collections are made rarer for a command, not switched off; the workbench goes
back to the default."""


def command(argv: Sequence[str] | None, *, workbench: bool = True) -> Callable[[], int] | None:
    """Parse `argv` (None: the process's arguments; `--help` and usage errors exit here) and return what runs
    it, with errors turned into one line and an exit code. None when it would open the workbench and
    `workbench` is False (the command server cannot: the workbench needs the user's own terminal).

    The configuration is read when it runs, not at import, so tests can set the environment per test."""
    from cli.dispatch import guarded, parse, run

    args = parse(argv)
    if args.command is None and not workbench:
        return None

    def work() -> int:
        from store.config import Config

        config = Config.from_env(db=args.db, today=args.today)
        if args.command is None:
            from tui.app import run as open_workbench

            gc.set_threshold(*_default_threshold)  # the workbench runs for hours and makes cyclic garbage
            return open_workbench(config)
        global _ran_command
        _ran_command = True
        if _start_server:
            from cli import relay

            relay.start(ROOT)
        return run(args, config)

    return lambda: guarded(work)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `supervisor` with `argv` (None: the process's arguments) in this process."""
    work = command(argv)
    assert work is not None
    return work()


def serve(directory: str) -> None:
    """The command server's process (started by cli/relay.py start()): commands forked from one warm process."""
    from cli.server import serve as serve_commands

    gc.set_threshold(*GC_THRESHOLD)
    serve_commands(lambda argv: command(argv, workbench=False), directory, ROOT, CODE)


def run() -> None:
    """The `supervisor` command: hand the command line to the command server when one answers (cli/relay.py);
    else main() with rarer cycle collections, then, after a command, leave without freeing the heap.

    Freeing a parsed database object by object at exit costs more than some commands (10,000 items: 70 ms).
    By the time main() returns, the command has closed every file it wrote (each write is a `with` block and
    an atomic swap) and released the lock (cli.run closes the database whatever happens), so only the output
    streams need flushing. The workbench exits normally (Textual restores the terminal in its own handlers).
    """
    from cli import relay

    outcome = relay.forward(sys.argv, ROOT)
    if isinstance(outcome, int):
        sys.stderr.flush()
        os._exit(outcome)
    global _start_server
    _start_server = outcome == relay.ABSENT
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
