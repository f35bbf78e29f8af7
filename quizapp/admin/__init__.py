from quizapp.admin.views import bp

__all__ = ["bp"]
