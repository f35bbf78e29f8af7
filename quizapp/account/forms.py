"""Forms of the account page; each asks for the current password before it changes anything."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from quizapp.accounts.rules import PASSWORD_RULE, password_problem


def current_password_field() -> PasswordField:
    return PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    new_password = PasswordField(
        "New password",
        description=PASSWORD_RULE,
        validators=[DataRequired(message="Choose a new password.")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired(message="Type the new password again."),
            EqualTo("new_password", message="The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change the password")

    def validate_new_password(self, field: PasswordField) -> None:
        """Reject a password too weak to keep the account safe."""
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


class SignOutEverywhereForm(FlaskForm):
    submit = SubmitField("Sign out everywhere")


class DeleteAccountForm(FlaskForm):
    password = current_password_field()
    understood = BooleanField(
        "I understand that my attempts, answers and review schedule are deleted for good",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")
