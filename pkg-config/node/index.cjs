// Node CommonJS entry: the module's exports, with validateId's per-value path
// (id-fast.cjs; the module's `__` exports serve it only).
'use strict';
const api = require('./canbao.js');
const { fastValidateId } = require('./id-fast.cjs');

for (const name of Object.keys(api)) if (!name.startsWith('__')) exports[name] = api[name];
exports.validateId = fastValidateId(api);
