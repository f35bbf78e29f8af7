from quizapp.main.views import bp

__all__ = ["bp"]
