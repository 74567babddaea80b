// Node counterpart of wisam.vc.bench: times eddsa-rdfc-2022 issue/verify of the same credential.
// Usage:
//   python -m wisam.vc.bench --dump-sample /tmp/sample.json
//   node tests/vc/js/bench.mjs /tmp/sample.json [n]
import {readFileSync} from 'node:fs';
import {issueCredential, verifyCredential} from './lib.mjs';

const sample = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const n = Number(process.argv[3] || 50);
const key = {...sample.key, created: sample.created};

async function rate(fn) {
  await fn(); // warm-up (context processing, JIT)
  const start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    await fn();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return n / seconds;
}

const signed = await issueCredential(structuredClone(sample.credential), key);
const check = await verifyCredential(signed, {statusLists: null});
if(!check.verified) {
  throw new Error(`sample did not verify: ${check.errors}`);
}
const signs = await rate(() => issueCredential(structuredClone(sample.credential), key));
const verifies = await rate(() => verifyCredential(signed, {statusLists: null}));
console.log(JSON.stringify({
  node: process.version, n,
  'eddsa-rdfc-2022': {
    signs_per_s: Math.round(signs * 10) / 10,
    verifies_per_s: Math.round(verifies * 10) / 10,
    sign_ms: Math.round(100000 / signs) / 100,
    verify_ms: Math.round(100000 / verifies) / 100
  }
}, null, 2));
