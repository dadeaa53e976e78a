"""Let the examples run from the source tree without installing the
package: the tree's bindings/python goes first on sys.path."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
if os.path.isdir(os.path.join(PKG, "kol")):
    sys.path.insert(0, PKG)
#: The sample roster of the repository (examples/data/roster.csv).
ROSTER_CSV = os.path.join(PKG, "..", "..", "examples", "data", "roster.csv")
