// Usage: node crosscheck.mjs <job.json>  ->  prints {"verify": {...}, "sign": {...}} as JSON.
// job: {"verify": {name: {credential, controllers?, statusLists?}}, "sign": {name: {credential, key}}}
import {readFileSync} from 'node:fs';
import {issueCredential, verifyCredential} from './lib.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = {node: process.version, verify: {}, sign: {}};
for(const [name, item] of Object.entries(job.verify || {})) {
  try {
    out.verify[name] = await verifyCredential(item.credential, item);
  } catch(e) {
    out.verify[name] = {verified: false, errors: [`exception: ${e.message}`]};
  }
}
for(const [name, item] of Object.entries(job.sign || {})) {
  try {
    out.sign[name] = {credential: await issueCredential(item.credential, item.key)};
  } catch(e) {
    out.sign[name] = {error: e.message};
  }
}
process.stdout.write(JSON.stringify(out));
