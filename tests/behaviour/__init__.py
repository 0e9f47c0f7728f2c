"""The behavioural test suite: sentences written for the tests, grouped by construction."""
