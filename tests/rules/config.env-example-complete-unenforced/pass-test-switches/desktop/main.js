// The desktop build: the AppImage runtime sets APPIMAGE when packaged.
const packaged = process.env.APPIMAGE;
const dbUrl = process.env.DATABASE_URL;
module.exports = { packaged, dbUrl };
