const dev = process.env.NODE_ENV !== "production";
const editor = process.env.EDITOR;
const home = process.env.APP_HOME || "/var/lib/app";
module.exports = { dev, editor, home };
