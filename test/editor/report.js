// Prints a results file written by the suite or the UI checks: one PASS/FAIL line per test, or with
// --counts just "PASSED FAILED". usage: node report.js [--counts] FILE
'use strict';
const counts = process.argv[2] === '--counts';
const r = require(require('path').resolve(process.argv[counts ? 3 : 2]));
if (counts) console.log(`${r.passed} ${r.failed}`);
else for (const t of r.tests) {
  console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'} ${t.title}${t.ms >= 1000 ? ` (${(t.ms / 1000).toFixed(1)}s)` : ''}`);
  if (t.error) console.log(t.error.split('\n').slice(0, 4).map((l) => `     ${l}`).join('\n'));
}
