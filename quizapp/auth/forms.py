"""Forms to register and sign in."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from quizapp.accounts.rules import PASSWORD_RULE, USERNAME_RULE, password_problem, username_problem
from quizapp.accounts.users import find_account

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
    password = PasswordField(
        "Password",
        description=PASSWORD_RULE,
        validators=[DataRequired(message="Choose a password.")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired(message="Type the password again."),
            EqualTo("password", message="The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Register")

    def validate_username(self, field: StringField) -> None:
        """Reject a malformed username, or one already taken in any letter case."""
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)
        if find_account(field.data) is not None:
            raise ValidationError(USERNAME_TAKEN)

    def validate_password(self, field: PasswordField) -> None:
        """Reject a password too weak to keep the account safe."""
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


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
