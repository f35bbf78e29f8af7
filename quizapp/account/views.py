"""The account page: change the password, end sessions, download or delete everything stored."""

import json
from functools import wraps

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, logout_user

from quizapp.account.forms import ChangePasswordForm, DeleteAccountForm, SignOutEverywhereForm
from quizapp.accounts.export import account_data
from quizapp.accounts.sessions import end_other_sessions, sessions_of
from quizapp.accounts.users import delete_account, is_only_admin
from quizapp.extensions import db
from quizapp.models.session import hash_token
from quizapp.ratelimits import password_check_limit

bp = Blueprint("account", __name__, url_prefix="/account")

WRONG_PASSWORD = "That is not your current password."


def member_required(view):
    """Let registered members in; send visitors to sign in and guests to register."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=url_for("account.show")))
        if current_user.is_guest:
            flash("Register to get an account page: your progress as a guest comes with you.",
                  "info")
            return redirect(url_for("auth.register"))
        return view(*args, **kwargs)

    return wrapped


def render_show(status: int = 200, **forms):
    """Render the account page, with any form given in place of a blank one (its errors kept)."""
    forms = {
        "password_form": ChangePasswordForm(formdata=None),
        "sign_out_form": SignOutEverywhereForm(formdata=None),
        "delete_form": DeleteAccountForm(formdata=None),
    } | forms
    return render_template(
        "account/show.html",
        sessions=sessions_of(current_user),
        this_session=hash_token(current_user.session_token),
        **forms,
    ), status


@bp.get("/")
@member_required
def show():
    """Show the account's forms and where it is signed in."""
    return render_show()


@bp.post("/password")
@member_required
@password_check_limit
def change_password():
    """Change the password after checking the current one; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit() and not current_user.check_password(form.current_password.data):
        form.current_password.errors.append(WRONG_PASSWORD)
    if form.errors:
        return render_show(422, password_form=form)
    current_user.set_password(form.new_password.data)
    ended = end_other_sessions(current_user, keep_token=current_user.session_token)
    db.session.commit()
    elsewhere = f" You are signed out on {ended} other device{'s' if ended != 1 else ''}." \
        if ended else ""
    flash(f"Your password is changed.{elsewhere}", "success")
    return redirect(url_for("account.show"))


@bp.post("/sign-out-everywhere")
@member_required
def sign_out_everywhere():
    """End every session of this account, this one included."""
    if not SignOutEverywhereForm().validate_on_submit():
        return redirect(url_for("account.show"))
    end_other_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are signed out on every device.", "info")
    return redirect(url_for("main.index"))


@bp.get("/data.json")
@member_required
def download():
    """Download everything stored about this account as one JSON file."""
    body = json.dumps(account_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, content_type="application/json", headers={
        "Content-Disposition": f"attachment; filename=quizapp-{current_user.username}.json"
    })


@bp.post("/delete")
@member_required
@password_check_limit
def delete():
    """Delete the account and all its data once the password confirms it."""
    form = DeleteAccountForm()
    if form.validate_on_submit() and not current_user.check_password(form.password.data):
        form.password.errors.append(WRONG_PASSWORD)
    if not form.errors and is_only_admin(current_user):
        form.form_errors.append(
            "You are the only admin. Make another account an admin first "
            "(flask user create NAME --admin), so someone can still manage the banks."
        )
    if form.errors:
        return render_show(422, delete_form=form)
    delete_account(current_user)
    db.session.commit()
    logout_user()
    flash("Your account and everything stored with it are deleted.", "info")
    return redirect(url_for("main.index"))
