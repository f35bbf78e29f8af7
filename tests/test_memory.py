"""Releasing memory after a large upload: found where glibc has it, and never in the way."""

import io
import platform

import pytest
from flask import Flask

from quizapp import memory

SMALL_BANK = (
    "bank: norwick\ntitle: Norwick island\ndescription: Made-up places.\n"
    "source:\n  publisher: Example Press\n  title: A made-up gazetteer\n"
    "  published: 2020-01-31\nquestions:\n"
    "  - id: capital\n    category: place\n    type: single\n    prompt: Capital?\n"
    "    choices: [Eastport, Westhaven]\n    answer: Eastport\n"
    "    explanation: The made-up gazetteer names Eastport.\n"
)
# The same bank, grown past the threshold by a comment no parser keeps.
LARGE_BANK = "#" + "x" * memory.LARGE_BANK_BYTES + "\n" + SMALL_BANK


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_glibc_malloc_trim_is_found():
    assert memory.malloc_trim() is not None


def test_release_runs_on_any_platform():
    memory.release_freed_memory()


@pytest.fixture
def released(monkeypatch) -> list[bool]:
    """Record each release instead of collecting, one entry per release."""
    calls = []
    monkeypatch.setattr(memory, "release_freed_memory", lambda: calls.append(True))
    return calls


def test_a_wrapped_view_answers_as_before_and_releases_even_when_it_fails(released):
    @memory.releasing_memory
    def answer(value):
        """The view's own docstring."""
        memory.read_bank(memory.LARGE_BANK_BYTES)
        if value is None:
            raise ValueError("no value")
        return value * 2

    with Flask(__name__).app_context():
        assert answer(21) == 42
        with pytest.raises(ValueError, match="no value"):
            answer(None)
    assert released == [True, True]
    assert answer.__doc__ == "The view's own docstring."


@pytest.mark.parametrize(("bank", "releases"), [(SMALL_BANK, 0), (LARGE_BANK, 3)])
def test_only_a_large_bank_is_released_after_its_upload_preview_and_confirm(
    client, make_user, sign_in_as, released, bank, releases
):
    sign_in_as(client, make_user("root", is_admin=True))
    preview = client.post("/admin/upload", data={"bank_file": (io.BytesIO(bank.encode()),
                                                               "bank.yaml")},
                          content_type="multipart/form-data").headers["Location"]
    page = client.get(preview).get_data(as_text=True)
    fingerprint = page.split('name="fingerprint"')[1].split('value="')[1].split('"')[0]
    response = client.post(preview, data={"fingerprint": fingerprint})
    assert response.headers["Location"] == "/admin/banks/norwick"
    assert released == [True] * releases


def test_a_refused_request_releases_nothing(client, make_user, sign_in_as, released):
    sign_in_as(client, make_user("root", is_admin=True))
    assert client.post("/admin/upload", data={}).status_code == 422
    assert client.get("/admin/uploads/" + "A" * 43).status_code == 404
    assert released == []
