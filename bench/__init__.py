"""Benchmarks (``make bench``): each measures Égide beside a baseline in the same run."""
