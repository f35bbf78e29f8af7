from quizapp.history.views import bp

__all__ = ["bp"]
