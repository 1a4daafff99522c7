module.exports = [{ username: "scanner", password: "Sc4nnerPassw0rdX" }];
