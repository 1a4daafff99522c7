const { exec } = require("child_process");
function coverage(cb) { exec("python -m coverage run manage.py test", cb); }
exports.coverage = coverage;
