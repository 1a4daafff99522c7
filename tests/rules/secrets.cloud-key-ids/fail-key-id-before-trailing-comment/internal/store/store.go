package store

// Credentials of the production bucket.
var accessKeyID = "AKIA3WNQJCXE2DYPAU7R" // prod bucket

func KeyID() string { return accessKeyID }
