"""``python -m bench``: see ``scripts/bench --help``."""

import sys

from .controller import main

sys.exit(main())
