const old = process.env.DATABASE_URL_OLD;
console.log(old);
