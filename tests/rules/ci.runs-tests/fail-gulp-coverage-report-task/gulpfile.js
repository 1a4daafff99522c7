const { exec } = require("child_process");
function coverageReport(cb) { exec("python -m coverage html", cb); }
exports["coverage-report"] = coverageReport;
