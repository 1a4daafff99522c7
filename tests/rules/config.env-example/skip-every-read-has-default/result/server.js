const port = process.env.PORT || 4000;
const title = process.env.TITLE ?? "Results";
console.log(port, title);
