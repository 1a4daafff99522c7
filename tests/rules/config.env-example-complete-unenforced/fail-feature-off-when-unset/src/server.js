const { createClient } = require("./storage");

const db = process.env.DATABASE_URL;

// Production always uses the storage service.
const storage = process.env.NODE_ENV === "production"
  ? createClient(
      process.env.STORAGE_URL,
      process.env.STORAGE_KEY,
    )
  : undefined;

// Every request is verified: without a key the handler fails.
async function emailOk(req, res) {
  if (!process.env.VERIFY_API_KEY) {
    return res.status(500).json({ error: "VERIFY_API_KEY is not set" });
  }
  const r = await fetch(`https://verify.example.org/?key=${process.env.VERIFY_API_KEY}`);
  return r.ok;
}

module.exports = { db, storage, emailOk };
