from quizapp.flashcards.views import bp

__all__ = ["bp"]
