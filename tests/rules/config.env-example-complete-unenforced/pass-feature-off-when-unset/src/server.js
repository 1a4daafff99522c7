const { createClient } = require("./storage");

const db = process.env.DATABASE_URL;

// Storage is switched on by STORAGE_ENABLED; its settings matter only then.
const storage = process.env.STORAGE_ENABLED
  ? createClient(
      process.env.STORAGE_URL,
      process.env.STORAGE_KEY,
    )
  : undefined;

// Address checks are skipped where no verification key is configured.
async function emailOk(email) {
  if (!process.env.VERIFY_API_KEY) {
    return true;
  }
  const res = await fetch(`https://verify.example.org/?key=${process.env.VERIFY_API_KEY}&e=${email}`);
  return res.ok;
}

// Uploads are capped at 25 MB unless configured.
function uploadLimitMb() {
  if (!process.env.UPLOAD_LIMIT_MB) return 25;
  return Number(process.env.UPLOAD_LIMIT_MB);
}

module.exports = { db, storage, emailOk, uploadLimitMb };
