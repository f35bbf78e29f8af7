"""The form that starts a quiz from a bank's page."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from quizapp.forms import MultiCheckboxField, start_key_field
from quizapp.vocabulary import QuizMode

MODE_LABELS = {
    QuizMode.PRACTICE: "Practice: see the answer and explanation after each question",
    QuizMode.TEST: "Test: no feedback until the end, optional time limit",
    QuizMode.REVIEW: "Review: the questions due for spaced repetition, most overdue first",
    QuizMode.MISTAKES: "Mistakes: the questions you got wrong the last time you answered them",
}


class StartQuizForm(FlaskForm):
    mode = RadioField(
        "Mode",
        choices=[SelectChoice(mode.value, label) for mode, label in MODE_LABELS.items()],
        default=QuizMode.PRACTICE.value,
        validators=[InputRequired("Choose a mode.")],
    )
    categories = MultiCheckboxField(
        "Categories",
        description="Leave all unticked to be asked about every category.",
    )
    question_count = IntegerField(
        "Number of questions",
        default=10,
        validators=[
            InputRequired("Say how many questions you want."),
            NumberRange(1, 500, "Choose between %(min)s and %(max)s questions."),
        ],
    )
    time_limit_minutes = IntegerField(
        "Time limit in minutes (test mode only, optional)",
        validators=[Optional(), NumberRange(1, 300, "Choose between %(min)s and %(max)s minutes.")],
    )
    start_key = start_key_field()
    submit = SubmitField("Start the quiz")

    def validate_time_limit_minutes(self, field):
        if field.data and self.mode.data != QuizMode.TEST:
            raise ValidationError("Time limits apply in test mode only: choose Test or clear it.")
