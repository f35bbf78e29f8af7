from quizapp.banks.views import bp

__all__ = ["bp"]
