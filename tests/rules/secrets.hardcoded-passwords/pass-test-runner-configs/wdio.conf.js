exports.config = {
  specs: ["./specs/**/*.js"],
  password: "Wd1oUserPw",
};
