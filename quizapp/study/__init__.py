"""Studying, without requests: attempts, reviews, scheduling, assembly and statistics."""
