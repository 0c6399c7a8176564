#!/usr/bin/env python
"""Django's manage.py; `xxgk` is the same thing with a friendlier help."""

import sys

from xxgk.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
