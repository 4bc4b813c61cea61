from rest_framework.authentication import TokenAuthentication


class UnitTokenAuthentication(TokenAuthentication):
    """Token authentication that loads the user's unit with the token: every rule needs it."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__unit").get(key=key)
        except model.DoesNotExist:
            return super().authenticate_credentials(key)
        if not token.user.is_active:
            return super().authenticate_credentials(key)
        return token.user, token
