"""Forms of the admin area: upload a bank file, confirm its import."""

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from wtforms import HiddenField, SubmitField
from wtforms.validators import DataRequired

BANK_EXTENSIONS = ["yaml", "yml"]


class UploadBankForm(FlaskForm):
    bank_file = FileField(
        "Bank file",
        validators=[
            FileRequired(message="Choose a bank file to upload."),
            FileAllowed(
                BANK_EXTENSIONS,
                message="Upload a YAML bank file: its name must end in .yaml or .yml.",
            ),
        ],
        render_kw={"accept": ".yaml,.yml"},
    )
    submit = SubmitField("Check and preview")

    def __init__(self, *args, **kwargs):
        """State the size limit in force before the admin picks a file."""
        super().__init__(*args, **kwargs)
        limit = current_app.config["QUIZAPP_MAX_BANK_BYTES"]
        self.bank_file.description = (
            f"A YAML file in the bank format, .yaml or .yml, at most {limit:,} bytes. "
            "It is checked and previewed first; nothing changes until you confirm."
        )

    def validate_bank_file(self, field: FileField) -> None:
        """Refuse a file over the configured bank size before reading it as YAML."""
        limit = current_app.config["QUIZAPP_MAX_BANK_BYTES"]
        message = f"The file is over the size limit of {limit:,} bytes."
        FileSize(max_size=limit, message=message)(self, field)


class ConfirmImportForm(FlaskForm):
    # The fingerprint of the plan the admin saw, to catch a bank that changed meanwhile.
    fingerprint = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Import this file")
