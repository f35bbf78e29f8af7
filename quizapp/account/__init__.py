from quizapp.account.views import bp

__all__ = ["bp"]
