"""`flask user ...`: manage accounts from the command line."""

import re
import sys
from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.accounts.rules import PASSWORD_RULE, password_problem, username_problem
from quizapp.accounts.users import create_account, delete_idle_guests, find_account
from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.types import utcnow

user_cli = AppGroup("user", help="Manage accounts.")


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_new_password() -> str:
    """Prompt twice without echo, or read two lines from a pipe: never from the command line,
    where the password would sit in the shell history and in every process listing."""
    if stdin_is_terminal():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    password, repeated = (sys.stdin.readline().rstrip("\r\n") for _ in range(2))
    if password != repeated:
        raise click.ClickException(
            "Give the password twice on standard input, one line each; the two lines differ."
        )
    return password


@user_cli.command("create")
@click.argument("username")
@click.option("--admin", is_flag=True, help="Let this account manage the question banks.")
def create(username: str, admin: bool) -> None:
    """Create an account; the first admin comes from here.

    The password is prompted for twice, or read from standard input as two lines:
    printf 'PASSWORD\nPASSWORD\n' | flask user create NAME
    """
    problem = username_problem(username)
    if problem:
        raise click.ClickException(problem)
    if find_account(username) is not None:
        raise click.ClickException(f"The username {username!r} is taken.")
    password = read_new_password()
    problem = password_problem(password)
    if problem:
        raise click.ClickException(f"{problem} {PASSWORD_RULE}")
    create_account(username, password, is_admin=admin)
    db.session.commit()
    click.echo(f"Created {'admin' if admin else 'user'} {username}.")


@user_cli.command("list")
def list_users() -> None:
    """List registered accounts, admins marked; guests are left out."""
    users = db.session.scalars(
        select(User).where(User.is_guest.is_(False)).order_by(User.username)
    ).all()
    if not users:
        click.echo("No accounts yet. Create one with: flask user create NAME --admin")
    for user in users:
        role = "admin" if user.is_admin else "learner"
        click.echo(f"{user.username}\t{role}\tsince {user.created_at:%Y-%m-%d}")



DURATION_UNITS = {"d": "days", "h": "hours", "w": "weeks"}


def parse_duration(ctx, param, value: str) -> timedelta:
    """Read a duration such as 30d, 12h or 2w."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*([dhw])\s*", value)
    if not match:
        raise click.BadParameter("write a number and a unit: 30d (days), 12h (hours), 2w (weeks)")
    return timedelta(**{DURATION_UNITS[match.group(2)]: int(match.group(1))})


@user_cli.command("prune-guests")
@click.option(
    "--older-than", "idle_for", required=True, callback=parse_duration,
    help="How long a guest must have been idle, e.g. 30d, 12h or 2w.",
)
def prune_guests(idle_for: timedelta) -> None:
    """Delete guests idle for longer than the given time, with their attempts and reviews."""
    removed = delete_idle_guests(utcnow() - idle_for)
    db.session.commit()
    click.echo(f"Removed {removed} idle guest{'s' if removed != 1 else ''}.")
