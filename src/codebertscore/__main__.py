import sys

from codebertscore.cli import main

sys.exit(main())
