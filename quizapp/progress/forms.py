"""The progress page's one form: a practice quiz on the learner's weakest facts."""

from flask_wtf import FlaskForm
from wtforms import SubmitField


class WeakFactsQuizForm(FlaskForm):
    submit = SubmitField("Quiz me on these facts")
