"""A realistic, labelled peak-week mailbox for the demo, the tests and the benchmarks."""
