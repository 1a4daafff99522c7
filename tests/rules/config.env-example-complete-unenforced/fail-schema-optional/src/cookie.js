// Cookies are host-only unless a shared domain is configured.
const cookie = { path: "/", domain: process.env.COOKIE_DOMAIN };
module.exports = { cookie };
