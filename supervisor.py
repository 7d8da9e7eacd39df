"""督办台 entry point: `supervisor [--db PATH] [--today DATE] [--json] [COMMAND]`.

Parse the command line, read the configuration (store/config.py: the environment, then --db and --today),
and hand over: a command runs in cli/, no command opens the workbench in tui/. `--help` and usage errors
end at the parser, before any command, store code or configuration is loaded; no command loads Textual.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


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

            return run(config)
        return cli.run(args, config)

    return cli.guarded(work)


if __name__ == "__main__":
    sys.exit(main())
