"""Entry point of the frozen application: the same `reception` command as the source install."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
