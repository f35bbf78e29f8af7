"""The load benchmark of issue 12: quizapp against bare Flask, under gunicorn and wrk."""
