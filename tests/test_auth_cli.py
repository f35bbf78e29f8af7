"""`flask user create` and `flask user list`."""

import pytest
from conftest import TEST_PASSWORD
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import User


def stored_users() -> list[User]:
    db.session.remove()
    return list(db.session.scalars(select(User).order_by(User.id)))


@pytest.mark.parametrize(("flags", "is_admin"), [([], False), (["--admin"], True)])
def test_create_with_password_option(runner, flags, is_admin):
    result = runner.invoke(args=["user", "create", "ada", "--password", TEST_PASSWORD, *flags])
    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    [user] = stored_users()
    assert user.username == "ada" and user.is_admin is is_admin and not user.is_guest
    assert user.check_password(TEST_PASSWORD)


def test_create_prompts_twice_without_echoing_the_password(runner):
    result = runner.invoke(args=["user", "create", "ada"], input=f"{TEST_PASSWORD}\n" * 2)
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert TEST_PASSWORD not in result.output
    [user] = stored_users()
    assert user.check_password(TEST_PASSWORD)


def test_create_asks_again_when_the_prompted_passwords_differ(runner):
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
    result = runner.invoke(args=["user", "create", username, "--password", password])
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
