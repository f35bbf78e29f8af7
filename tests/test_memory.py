"""Releasing memory after a large upload: found where glibc has it, and never in the way."""

import platform

import pytest

from quizapp import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_glibc_malloc_trim_is_found():
    assert memory.malloc_trim() is not None


def test_release_runs_on_any_platform():
    memory.release_freed_memory()


def test_a_wrapped_view_answers_as_before_and_releases_even_when_it_fails(monkeypatch):
    released = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: released.append(True))

    @memory.releasing_memory
    def answer(value):
        """The view's own docstring."""
        if value is None:
            raise ValueError("no value")
        return value * 2

    assert answer(21) == 42
    with pytest.raises(ValueError, match="no value"):
        answer(None)
    assert released == [True, True]
    assert answer.__doc__ == "The view's own docstring."
