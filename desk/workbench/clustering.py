"""One cluster service for the whole window, shared by sync, the similarity slider and corrections.

The service keeps every message's prepared text in memory after its first
load; a second one would load it again and disagree with the first after a
regroup. Calls come from workers, one at a time (a lock), never from the GUI.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from desk.cluster.service import ClusterService, UpdateReport


class Clustering:
    """The window's clusters: new mail joins them, the slider regroups, agents correct them."""

    def __init__(
        self, sessions: sessionmaker[Session], threshold: float, workers: int | None = None
    ) -> None:
        self._sessions = sessions
        self._threshold = threshold
        self._workers = workers if workers is not None else (os.cpu_count() or 1)
        self._service: ClusterService | None = None
        self._lock = threading.Lock()

    @property
    def threshold(self) -> float:
        """The similarity (percent) clusters are grouped at now."""
        return self._threshold

    def _loaded(self) -> ClusterService:
        if self._service is None:
            self._service = ClusterService(self._sessions, self._threshold, workers=self._workers)
        return self._service

    def add(self, message_ids: Sequence[int]) -> UpdateReport:
        """Cluster newly arrived messages into the existing clusters."""
        with self._lock:
            return self._loaded().update(new_ids=list(message_ids))

    def regroup(self, threshold: float) -> int:
        """Regroup everything at another similarity; agents' manual moves are kept."""
        with self._lock:
            count = self._loaded().regroup(threshold)
            self._threshold = threshold
            return count

    def move_out(self, message_id: int) -> int:
        """Take a message out of its cluster (it gets one of its own); returns the new cluster."""
        with self._lock:
            return self._loaded().move_out(message_id)

    def merge(self, source_id: int, target_id: int) -> None:
        """Merge one cluster into another; the decision persists across regroups."""
        with self._lock:
            self._loaded().merge(source_id, target_id)
