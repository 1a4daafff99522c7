// a manual accessibility check run against a developer's local site
const pa11y = require('pa11y');
pa11y('http://app.test').then(console.log);
