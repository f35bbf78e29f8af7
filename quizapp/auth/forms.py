"""Forms to register and sign in."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from quizapp.accounts.rules import USERNAME_RULE, username_problem
from quizapp.accounts.users import find_account
from quizapp.forms import new_password_field, repeat_password_field

USERNAME_TAKEN = "That username is taken. Choose another, or sign in if it is yours."


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        description=USERNAME_RULE,
        filters=[_strip],
        validators=[DataRequired(message="Choose a username.")],
        render_kw={"autocomplete": "username"},
    )
    password = new_password_field("Password", "Choose a password.")
    confirm = repeat_password_field("Repeat the password", "Type the password again.", "password")
    submit = SubmitField("Register")

    def validate_username(self, field: StringField) -> None:
        """Reject a malformed username, or one already taken in any letter case."""
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)
        if find_account(field.data) is not None:
            raise ValidationError(USERNAME_TAKEN)


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[_strip],
        validators=[DataRequired(message="Enter your username.")],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")
