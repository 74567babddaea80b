// Offline digitalbazaar stack shared by crosscheck.mjs and bench.mjs: a documentLoader that
// serves only the contexts bundled with wisam.vc (sha256-checked) plus given DID/controller docs.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';

const HERE = dirname(fileURLToPath(import.meta.url));
const CONTEXTS = join(HERE, '..', '..', '..', 'src', 'wisam', 'vc', 'contexts');
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

function loadBundledContexts() {
  const manifest = JSON.parse(readFileSync(join(CONTEXTS, 'SOURCES.json'), 'utf8'));
  const map = new Map();
  for(const entry of manifest.contexts) {
    if(!entry.enabled_by_default) {
      continue;
    }
    const bytes = readFileSync(join(CONTEXTS, entry.file));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if(digest !== entry.sha256) {
      throw new Error(`sha256 mismatch for ${entry.url}`);
    }
    map.set(entry.url, JSON.parse(bytes.toString('utf8')));
  }
  return map;
}

const BUNDLED = loadBundledContexts();

export function didKeyDocument(did) {
  const mb = did.slice('did:key:'.length);
  const vmId = `${did}#${mb}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_V1],
    id: did,
    verificationMethod: [{id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: mb}],
    authentication: [vmId], assertionMethod: [vmId],
    capabilityDelegation: [vmId], capabilityInvocation: [vmId]
  };
}

export function makeDocumentLoader(controllers = []) {
  const docs = new Map(controllers.map(d => [d.id, d]));
  return async url => {
    if(BUNDLED.has(url)) {
      return {contextUrl: null, documentUrl: url, document: BUNDLED.get(url)};
    }
    const [base, fragment] = url.split('#');
    let doc = docs.get(base);
    if(!doc && base.startsWith('did:key:z6Mk')) {
      doc = didKeyDocument(base);
    }
    if(!doc) {
      throw new Error(`documentLoader refuses ${url} (offline: not bundled)`);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const vm = (doc.verificationMethod || []).find(m => m.id === url);
    if(!vm) {
      throw new Error(`verification method ${url} not found`);
    }
    return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...vm}};
  };
}

function bitIsSet(encodedList, index) {
  const b64 = encodedList.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  const bits = gunzipSync(Buffer.from(b64, 'base64'));
  if(bits.length * 8 < 131072) {
    throw new Error('STATUS_LIST_LENGTH_ERROR');
  }
  return (bits[index >> 3] >> (7 - (index & 7))) & 1;
}

export async function verifyCredential(credential, {controllers = [], statusLists = {}} = {}) {
  const documentLoader = makeDocumentLoader(controllers);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  // Independent status check: verify the list credential, then read the bit ourselves.
  // statusLists === null: status not checked (like wisam.vc.verify, which checks proofs only).
  const checkStatus = async ({credential: c}) => {
    if(statusLists === null) {
      return {verified: true};
    }
    const entry = c.credentialStatus;
    const list = statusLists[entry.statusListCredential];
    if(!list) {
      return {verified: false, error: 'STATUS_RETRIEVAL_ERROR'};
    }
    const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
    if(!listResult.verified) {
      return {verified: false, error: 'STATUS_VERIFICATION_ERROR'};
    }
    const set = bitIsSet(list.credentialSubject.encodedList, Number(entry.statusListIndex));
    return {verified: !set, error: set ? `${entry.statusPurpose}: set` : undefined};
  };
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [];
  if(result.error) {
    errors.push(...(result.error.errors || [result.error]).map(e => e.message || String(e)));
  }
  for(const r of result.results || []) {
    if(r.error) {
      errors.push(r.error.message || String(r.error));
    }
  }
  if(result.statusResult && !result.statusResult.verified) {
    errors.push(`status: ${result.statusResult.error}`);
  }
  return {verified: result.verified, errors};
}

export async function issueCredential(credential, {publicKeyMultibase, secretKeyMultibase, created}) {
  const controller = `did:key:${publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.from({
    id: `${controller}#${publicKeyMultibase}`, controller, publicKeyMultibase, secretKeyMultibase
  });
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite: eddsaRdfc2022CryptoSuite, date: created
  });
  return vc.issue({credential, suite, documentLoader: makeDocumentLoader()});
}
