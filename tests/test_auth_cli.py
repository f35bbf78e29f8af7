"""`flask user create` and `flask user list`."""

from datetime import timedelta

import pytest
from conftest import TEST_PASSWORD
from sqlalchemy import func, select

from quizapp.cli import user as user_commands
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, ReviewState, User, UserSession
from quizapp.models.types import utcnow


def stored_users() -> list[User]:
    db.session.remove()
    return list(db.session.scalars(select(User).order_by(User.id)))


def piped(password: str, repeated: str | None = None) -> str:
    """Standard input as `printf 'pw\\npw\\n' | flask user create NAME` gives it."""
    return f"{password}\n{password if repeated is None else repeated}\n"


@pytest.fixture
def terminal(monkeypatch):
    """Make the command believe a person types at a terminal."""
    monkeypatch.setattr(user_commands, "stdin_is_terminal", lambda: True)


@pytest.mark.parametrize(("flags", "is_admin"), [([], False), (["--admin"], True)])
def test_create_reads_the_password_twice_from_standard_input(runner, flags, is_admin):
    result = runner.invoke(args=["user", "create", "ada", *flags], input=piped(TEST_PASSWORD))
    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    [user] = stored_users()
    assert user.username == "ada" and user.is_admin is is_admin and not user.is_guest
    assert user.check_password(TEST_PASSWORD)


def test_create_refuses_two_different_lines_on_standard_input(runner):
    result = runner.invoke(
        args=["user", "create", "ada"], input=piped(TEST_PASSWORD, "something else 1")
    )
    assert result.exit_code == 1
    assert "the two lines differ" in result.output
    assert stored_users() == []


def test_create_takes_no_password_on_the_command_line(runner):
    result = runner.invoke(args=["user", "create", "ada", "--password", TEST_PASSWORD])
    assert result.exit_code == 2
    assert "No such option" in result.output
    assert stored_users() == []


def test_create_prompts_twice_without_echoing_the_password(runner, terminal):
    result = runner.invoke(args=["user", "create", "ada"], input=f"{TEST_PASSWORD}\n" * 2)
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert TEST_PASSWORD not in result.output
    [user] = stored_users()
    assert user.check_password(TEST_PASSWORD)


def test_create_asks_again_when_the_prompted_passwords_differ(runner, terminal):
    typed = f"{TEST_PASSWORD}\nsomething else 1\n" + f"{TEST_PASSWORD}\n" * 2
    result = runner.invoke(args=["user", "create", "ada"], input=typed)
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert len(stored_users()) == 1


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("ADA", TEST_PASSWORD, "The username 'ADA' is taken."),
        ("grace", "short 1", "Use at least 10 characters."),
        ("grace", "onlyletterspassword", "Use more than letters alone or digits alone"),
        ("no spaces allowed", TEST_PASSWORD, "Use 3 to 40 characters"),
    ],
)
def test_create_refuses_bad_input_with_exit_code_1(runner, make_user, username, password, message):
    make_user("ada")
    result = runner.invoke(args=["user", "create", username], input=piped(password))
    assert result.exit_code == 1
    assert message in result.output
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_list_shows_members_and_roles_but_not_guests(runner, make_user):
    make_user("grace", is_admin=True)
    make_user("ada")
    db.session.add(User(is_guest=True))
    db.session.commit()
    lines = runner.invoke(args=["user", "list"]).output.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["ada", "learner"], ["grace", "admin"]]


def test_list_explains_how_to_start_when_empty(runner):
    result = runner.invoke(args=["user", "list"])
    assert "flask user create NAME --admin" in result.output


# prune-guests


@pytest.mark.both_engines  # a correlated delete that foreign keys cascade
def test_prune_guests_removes_idle_guests_with_all_their_data(
    runner, make_user, make_bank, make_attempt
):
    bank = make_bank()
    question = bank.questions[0]
    long_ago = utcnow() - timedelta(days=40)
    idle = add_guest(created_at=long_ago)
    make_attempt(idle, bank, answers=[(question, 1)], finished_at=long_ago)
    db.session.add(ReviewState(
        user_id=idle.id, question_id=question.id, card_state={}, due_at=long_ago,
        mastery="learning", last_reviewed_at=long_ago, last_is_correct=True,
    ))
    db.session.add(UserSession(
        user_id=idle.id, token_hash="0" * 64, created_at=long_ago, last_seen_at=long_ago
    ))
    still_playing = add_guest(created_at=long_ago)
    make_attempt(still_playing, bank, answers=[(question, 1)])
    new_guest = add_guest(created_at=utcnow() - timedelta(days=2))
    member = make_user("ada")
    member.created_at = long_ago
    db.session.commit()
    kept = {still_playing.id, new_guest.id, member.id}
    playing_id = still_playing.id

    result = runner.invoke(args=["user", "prune-guests", "--older-than", "30d"])

    assert result.exit_code == 0, result.output
    assert "Removed 1 idle guest." in result.output
    assert {user.id for user in stored_users()} == kept
    assert db.session.scalar(select(func.count()).select_from(ReviewState)) == 0
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    # Only the playing guest's attempt and its one answer remain.
    assert db.session.scalars(select(Attempt.user_id)).all() == [playing_id]
    assert db.session.scalar(select(func.count()).select_from(AttemptItem)) == 1


@pytest.mark.parametrize("duration", ["30", "thirty days", "-3d", "3m"])
def test_prune_guests_explains_a_duration_it_cannot_read(runner, duration):
    result = runner.invoke(args=["user", "prune-guests", "--older-than", duration])
    assert result.exit_code == 2
    assert "30d (days), 12h (hours), 2w (weeks)" in result.output


def add_guest(created_at) -> User:
    guest = User(is_guest=True, created_at=created_at)
    db.session.add(guest)
    db.session.commit()
    return guest
