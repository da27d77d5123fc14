"""Desk: answer a flood of similar emails from a shared mailbox, one cluster at a time."""

from importlib.metadata import PackageNotFoundError, version

try:
    # One place for the version, pyproject.toml, read from the installed package's metadata
    # (the PyInstaller bundle carries it: build.spec copies it).
    __version__ = version("desk")
except PackageNotFoundError:  # a source tree run without being installed
    __version__ = "0+unknown"
