const DEFAULT_ADMIN_PASSWORD = "Adm1nSecure2024";

module.exports = { DEFAULT_ADMIN_PASSWORD };
