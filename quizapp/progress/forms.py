"""The progress area's forms: a quiz on the weakest facts and the learner's time zone."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Length

from quizapp.forms import ChoiceRequired, start_key_field
from quizapp.zones import zone_names


class WeakFactsQuizForm(FlaskForm):
    start_key = start_key_field()
    submit = SubmitField("Quiz me on these facts")


class TimeZoneForm(FlaskForm):
    time_zone = SelectField(
        "Your time zone",
        description="Dates and times on every page, and the days of your streak, use it.",
        validators=[ChoiceRequired("Choose a time zone.")],
    )
    submit = SubmitField("Save the time zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = list(zone_names())


class DetectedTimeZoneForm(FlaskForm):
    """The zone the browser reports on a learner's first visit; unknown names are refused."""

    time_zone = StringField(validators=[InputRequired(), Length(max=64), AnyOf(zone_names())])
