"""Register, sign in and sign out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from quizapp.accounts.users import authenticate, create_account, merge_guest_into, upgrade_guest
from quizapp.auth.forms import USERNAME_TAKEN, LoginForm, RegisterForm
from quizapp.auth.redirects import is_safe_redirect
from quizapp.extensions import db
from quizapp.learners import current_guest, sign_in, sign_out
from quizapp.ratelimits import registration_limit, sign_in_per_account, sign_in_per_address

bp = Blueprint("auth", __name__, url_prefix="/auth")

WRONG_CREDENTIALS = "Wrong username or password."


def _is_member() -> bool:
    return current_user.is_authenticated and not current_user.is_guest


@bp.route("/register", methods=["GET", "POST"])
@registration_limit
def register():
    """Create an account, upgrading a guest in place so their attempts carry over."""
    if _is_member():
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        guest = current_guest()
        if guest is not None:
            user = upgrade_guest(guest, form.username.data, form.password.data)
            welcome = "Your progress as a guest is now saved in your account."
        else:
            user = create_account(form.username.data, form.password.data)
            welcome = "Your account is ready."
        try:
            db.session.commit()
        except IntegrityError:  # someone took the name between validation and commit
            db.session.rollback()
            form.username.errors.append(USERNAME_TAKEN)
            return render_template("auth/register.html", form=form)
        sign_in(user)
        flash(f"Welcome, {user.username}! {welcome}", "success")
        return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@sign_in_per_account
@sign_in_per_address
def login():
    """Sign in, moving a guest's attempts to the account, then return to `next` if safe."""
    target = request.args.get("next")
    destination = target if is_safe_redirect(target) else url_for("main.index")
    if _is_member():
        return redirect(destination)
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            form.form_errors.append(WRONG_CREDENTIALS)
        else:
            guest = current_guest()
            if guest is not None:
                merge_guest_into(guest, user)
            sign_in(user, remember=form.remember.data)
            flash(f"Signed in as {user.username}.", "success")
            return redirect(destination)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """End this session for good and go home."""
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("main.index"))
