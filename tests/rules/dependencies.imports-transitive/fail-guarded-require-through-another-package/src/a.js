const pino = require('pino');

// sonic-boom arrives only through pino: the try block does not make
// relying on it undeclared any less fragile
let SonicBoom;
try {
  SonicBoom = require('sonic-boom');
} catch (err) {
  SonicBoom = null;
}

module.exports = { logger: pino(), SonicBoom };
