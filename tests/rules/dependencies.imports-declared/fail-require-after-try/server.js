const nopt = require('nopt')

let cfg
try {
    cfg = JSON.parse(process.env.MAILER_CONFIG || '{}')
} catch (err) {
    cfg = {}
}
// outside the try block: a plain dependency the package never declares
const express = require('express')

exports.app = express()
exports.args = nopt({}, {}, process.argv, 2)
