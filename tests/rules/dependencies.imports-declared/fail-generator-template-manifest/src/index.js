const express = require("express");
const morgan = require("morgan");
express().use(morgan("tiny")).listen(3000);
