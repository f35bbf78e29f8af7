"""The baseline: a Flask app that answers every path and method with a constant string.

quizapp's requests per second are reported as a share of this app's, served by
the same gunicorn settings and loaded the same way, so the machine cancels out.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def constant(path):
    """Answer with a constant string, whatever was asked."""
    return "Hello from bare Flask"
