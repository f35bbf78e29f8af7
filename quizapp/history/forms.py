"""The bank filter of the history page, sent by GET so filtered pages can be bookmarked."""

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from quizapp.history.records import BankChoice

ALL_BANKS = ""


class HistoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    # The template draws a plain button, so submitting adds no submit=... to the URL.
    bank = SelectField("Bank", default=ALL_BANKS)

    def offer(self, banks: list[BankChoice]) -> None:
        """Offer every bank the learner has history on, after "All banks"."""
        self.bank.choices = [SelectChoice(ALL_BANKS, "All banks")] + [
            SelectChoice(bank.slug, bank.title) for bank in banks
        ]
