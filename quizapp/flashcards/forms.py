"""The one flashcard form: how well the learner knew the answer."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectChoice
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from quizapp.study.flashcards import Rating

# Anki's four buttons; keys 1 to 4 press them in this order.
RATINGS = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


class RateCardForm(FlaskForm):
    rating = RadioField(
        "How well did you know it?",
        choices=[SelectChoice(str(int(rating)), label) for rating, label in RATINGS.items()],
        validators=[InputRequired("Choose how well you knew it.")],
    )
    # How many reviews the card had when it was shown, so a repeated submit counts once.
    version = IntegerField(widget=HiddenInput(), validators=[NumberRange(min=0)])

    @property
    def chosen_rating(self) -> Rating:
        return Rating(int(self.rating.data))
