"""Desk: answer a flood of similar emails from a shared mailbox, one cluster at a time."""

__version__ = "0.1.0"
