from quizapp.progress.views import bp

__all__ = ["bp"]
