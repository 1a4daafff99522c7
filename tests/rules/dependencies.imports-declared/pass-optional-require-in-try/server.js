const nopt = require('nopt')

// The HTTP listener is optional: the operator installs express to get it.
exports.setup_http = (cfg) => {
    if (!cfg.listen) return
    let express
    try {
        express = require('express')
    } catch (err) {
        console.error('express failed to load. Install it with: npm install -g express')
        return
    }
    return express()
}

exports.args = nopt({}, {}, process.argv, 2)
