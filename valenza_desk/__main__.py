"""``python -m valenza_desk``: same as the ``valenza-desk`` command."""

from valenza_desk.cli import main

raise SystemExit(main())
