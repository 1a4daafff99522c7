require("express")().listen(3000)
if (process.env.NODE_ENV === "production") console.log("production");
