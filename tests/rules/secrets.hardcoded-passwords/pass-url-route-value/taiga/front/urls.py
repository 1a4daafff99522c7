urls = {
    "change-password": "/change-password/{0}",  # user.token
    "reset_password_url": "/auth/reset/{0}/token2",
}
