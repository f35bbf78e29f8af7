"""The progress page's one form: a practice quiz on the learner's weakest facts."""

from flask_wtf import FlaskForm
from wtforms import SubmitField

from quizapp.forms import start_key_field


class WeakFactsQuizForm(FlaskForm):
    start_key = start_key_field()
    submit = SubmitField("Quiz me on these facts")
