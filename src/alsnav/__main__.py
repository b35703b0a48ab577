"""``python -m alsnav`` runs the command line."""

from alsnav.cli import main

raise SystemExit(main())
