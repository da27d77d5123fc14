"""Near-duplicate clustering: text normalisation, candidates, verification, clusters."""
