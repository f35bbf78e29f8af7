"""Keep the admin area to admin accounts."""

from functools import wraps

from flask import abort
from flask_login import current_user

from quizapp.extensions import login_manager


def admin_required(view):
    """Send anonymous visitors to sign in and refuse everyone but admins with a 403."""

    @wraps(view)
    def guarded_view(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.is_guest or not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded_view
