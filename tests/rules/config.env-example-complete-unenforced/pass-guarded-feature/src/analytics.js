const analytics = require("./vendor-analytics");

// Analytics runs only when a key is configured; the host has a default.
if (typeof window !== "undefined" && process.env.ANALYTICS_KEY) {
  analytics.init(process.env.ANALYTICS_KEY, {
    host: process.env.ANALYTICS_HOST,
  });
}

const captchaSiteKey = process.env.CAPTCHA_SITE_KEY;
const captchaOn = !!captchaSiteKey;

module.exports = { captchaOn, captchaSiteKey };
