const analytics = require("./vendor-analytics");

// Analytics is always on in production.
if (process.env.NODE_ENV === "production") {
  analytics.init(process.env.ANALYTICS_KEY, {
    host: process.env.ANALYTICS_HOST,
  });
}

const captchaSiteKey = process.env.CAPTCHA_SITE_KEY;
const captchaOn = captchaSiteKey.length > 0;

module.exports = { captchaOn, captchaSiteKey };
