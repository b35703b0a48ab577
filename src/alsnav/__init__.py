"""ALS Navigator core: pure-Python clinical logic and content (never imports Django)."""

__version__ = "0.1.0"
