const http = require("http");

const db = process.env.DATABASE_URL;
// the release the CI system built, the revision the platform runs
const release = process.env.CI_COMMIT_SHA;
const build = process.env.CIRCLE_SHA1;
const revision = process.env.K_REVISION;
const dyno = process.env.DYNO;

http.createServer((req, res) => res.end(JSON.stringify({ db, release, build, revision, dyno }))).listen(3000);
