const assert = require('assert');
const driver = require('./index.js');

const connection = {
  host: 'localhost',
  username: 'SYSTEM',
  password: 'HXEHana1Passw0rd',
};

describe('drivers/hdb', function () {
  it('connects', async function () {
    assert.ok(await driver.testConnection(connection));
  });
});
