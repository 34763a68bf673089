from django.db import models


class GrantsGeneration(models.Model):
    """
    One row whose number is drawn anew at every change of who holds which rights: a user's groups,
    a group's page permissions, an agency membership (``core.grants``). Processes keep users' grants
    between requests and trust them only while this number is the one they were kept at.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.value)
