from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """
    Django's password login, refused to the accounts of agency API keys: they act only through
    their key (``api.authentication``), even if someone gave them a password.
    """

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not hasattr(user, "api_key")
