"""Scored pairs to clusters, without chaining: every member is close to its cluster's centre.

Union-find over pairs above a threshold glues A–B–C–…–Z into one giant
cluster when each message only resembles its neighbour; on surge mail that is
the first way naive clustering fails. This is star clustering instead: the
node with the most close neighbours (weighted by how many identical messages
it stands for) becomes a centre and takes its unassigned neighbours; then the
next unassigned node with the most neighbours, and so on. A last pass moves
each member to the centre it is closest to. A member is therefore always
within the threshold of its centre, whatever its other neighbours are.

Runs on pair scores kept in memory, so moving the similarity threshold
regroups 26,000 messages in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desk.cluster.pairs import IntArray, PairScores


def star_join(
    weights: Sequence[int] | IntArray,
    pairs: PairScores,
    threshold: float,
    preferred: Sequence[int] = (),
) -> IntArray:
    """The centre of each node's cluster (a node that is its own centre is a centre).

    ``weights`` is how many messages each node stands for; ``preferred``
    nodes become centres before the others when they can (for a caller that
    wants given representatives; the clusterer uses none, so that the same
    pairs and threshold always give the same clusters). Ties in closeness go
    to the node standing for more messages, then to the oldest.
    """
    count = len(weights)
    centre = np.full(count, -1, np.int64)
    if count == 0:
        return centre
    weight = np.asarray(weights, np.int64)
    close = pairs.score >= threshold
    first, second = pairs.first[close], pairs.second[close]
    scores = pairs.score[close]
    source = np.concatenate([first, second])
    target = np.concatenate([second, first])
    edge_score = np.concatenate([scores, scores])
    degree = weight.copy()
    np.add.at(degree, source, weight[target])

    by_source = np.argsort(source, kind="stable")
    source, target, edge_score = source[by_source], target[by_source], edge_score[by_source]
    starts = np.searchsorted(source, np.arange(count + 1))

    rank = np.zeros(count, np.int64)
    if len(preferred):
        rank[np.asarray(preferred, np.int64)] = 1
    # Preferred first, then most neighbours, then most messages, then the oldest node.
    order = np.lexsort((np.arange(count), -weight, -degree, -rank))
    for node in order.tolist():
        if centre[node] != -1:
            continue
        centre[node] = node
        neighbours = target[starts[node] : starts[node + 1]]
        if len(neighbours):
            free = neighbours[centre[neighbours] == -1]
            centre[free] = node

    # Each member to its closest centre among those it is close to.
    is_centre = centre == np.arange(count)
    to_centre = is_centre[target] & ~is_centre[source]
    if to_centre.any():
        member, chosen, value = source[to_centre], target[to_centre], edge_score[to_centre]
        best = np.lexsort((chosen, -value, member))
        member, chosen = member[best], chosen[best]
        first_of_member = np.ones(len(member), bool)
        first_of_member[1:] = member[1:] != member[:-1]
        centre[member[first_of_member]] = chosen[first_of_member]
    return centre


def attach_askers(centre: IntArray, asks_more: PairScores, threshold: float) -> IntArray:
    """Lone nodes that ask more than a cluster's centre, joined to it; returns which moved.

    ``asks_more.first`` asks what ``asks_more.second`` asks and something
    else. Such a message joins the closest centre (at ``threshold`` or more)
    as a member flagged "asks more", so that its extra request is shown and it
    is not answered by the cluster's reply without a look. Only nodes alone
    in their cluster move, and only to centres: a flagged member never gathers
    others (no chaining through the part it shares).
    """
    count = len(centre)
    flagged = np.zeros(count, bool)
    close = asks_more.score >= threshold
    if not close.any():
        return flagged
    asker, target, score = asks_more.first[close], asks_more.second[close], asks_more.score[close]
    members = np.bincount(centre, minlength=count)
    alone = (centre[asker] == asker) & (members[asker] == 1)
    # A lone node that may move is no target: the one joining it would be left behind.
    may_move = np.zeros(count, bool)
    may_move[asker[alone]] = True
    to_centre = (centre[target] == target) & ~may_move[target]
    usable = alone & to_centre
    asker, target, score = asker[usable], target[usable], score[usable]
    if not len(asker):
        return flagged
    # The closest centre for each asker (ties to the lower node, for the same result every time).
    best = np.lexsort((target, -score, asker))
    asker, target = asker[best], target[best]
    first_of_asker = np.ones(len(asker), bool)
    first_of_asker[1:] = asker[1:] != asker[:-1]
    centre[asker[first_of_asker]] = target[first_of_asker]
    flagged[asker[first_of_asker]] = True
    return flagged
