"""Accounts without requests: creating, finding and merging users, and the rules for names."""
