"""`flask user ...`: manage accounts from the command line."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.accounts.rules import PASSWORD_RULE, password_problem, username_problem
from quizapp.accounts.users import create_account, find_account
from quizapp.extensions import db
from quizapp.models import User

user_cli = AppGroup("user", help="Manage accounts.")


@user_cli.command("create")
@click.argument("username")
@click.option("--admin", is_flag=True, help="Let this account manage the question banks.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help=f"Password for scripts; prompted for (twice) when left out. {PASSWORD_RULE}",
)
def create(username: str, admin: bool, password: str) -> None:
    """Create an account; the first admin comes from here."""
    problem = username_problem(username) or password_problem(password)
    if problem:
        raise click.ClickException(problem)
    if find_account(username) is not None:
        raise click.ClickException(f"The username {username!r} is taken.")
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
