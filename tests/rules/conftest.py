import sys
from pathlib import Path

# tests/strategies.py is shared with the other test folders.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
