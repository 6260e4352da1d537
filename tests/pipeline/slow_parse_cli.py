"""The paperdigest CLI with every PDF parse slowed down, so a test can kill the run in the middle of the stage.

Run as a script (`python slow_parse_cli.py digest ...`): spawned parser workers re-run this module as their
__main__, so they get the slow function too. SLOW_PARSE_SECONDS sets the delay.
"""

import os
import time

from paperdigest import fulltext
from paperdigest.cli import main

_parse_file = fulltext.parse_file


def slow_parse_file(path, **limits):
    time.sleep(float(os.environ["SLOW_PARSE_SECONDS"]))
    return _parse_file(path, **limits)


fulltext.parse_file = slow_parse_file

if __name__ == "__main__":
    main()
