"""Forms of the account page; each asks for the current password before it changes anything."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired

from quizapp.forms import new_password_field, repeat_password_field


def current_password_field() -> PasswordField:
    return PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    new_password = new_password_field("New password", "Choose a new password.")
    confirm = repeat_password_field("Repeat the new password", "Type the new password again.",
                                    "new_password")
    submit = SubmitField("Change the password")


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField("Sign out everywhere")


class DeleteAccountForm(FlaskForm):
    password = current_password_field()
    understood = BooleanField(
        "I understand that my attempts, answers and review schedule are deleted for good",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")
