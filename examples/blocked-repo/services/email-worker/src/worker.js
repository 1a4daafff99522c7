const nodemailer = require("nodemailer");
const transport = nodemailer.createTransport({ url: process.env.SMTP_URL });
setInterval(() => transport.verify().catch(console.error), 60000);
