"""The paperdigest CLI with every PDF parse slowed down, so a test can kill the run in the middle of the stage.

Run as a script (`python slow_parse_cli.py digest ...`): spawned parser workers re-run this module as their
__main__, so they get the slow function too. SLOW_PARSE_SECONDS sets the delay.
"""

import os
import time

from paperdigest import fulltext
from paperdigest.cli import main

_parse_pdf = fulltext._parse_pdf


def slow_parse_pdf(path, max_pages, max_bytes):
    time.sleep(float(os.environ["SLOW_PARSE_SECONDS"]))
    return _parse_pdf(path, max_pages, max_bytes)


fulltext._parse_pdf = slow_parse_pdf

if __name__ == "__main__":
    main()
