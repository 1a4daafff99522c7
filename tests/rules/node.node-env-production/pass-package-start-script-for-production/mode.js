// the server switches on the variable: it depends on NODE_ENV
if (process.env.NODE_ENV === "production") console.log("production");
