// The intake desk's opt-in store: registrations kept on this computer only when the clerk
// chooses to, encrypted with AES-GCM (256-bit) under a key derived from a passphrase with
// PBKDF2-HMAC-SHA-256 at 600,000 iterations (OWASP's figure for that hash), a random salt per
// store and a random IV per save. WebCrypto does all of it; the key never leaves the page and
// is not extractable. Nothing is stored until the clerk sets a passphrase.

const STORE = 'canbao-intake-vault';
const ITERATIONS = 600000;

function b64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function read() {
  try {
    const s = localStorage.getItem(STORE);
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

/** Whether this browser holds a store. */
export function hasVault() {
  return read() !== null;
}

async function derive(passphrase, salt, iterations) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Opens the store with a passphrase: `{ key, salt, iterations, data }`, or null when the
 * passphrase is wrong. With `create` (or no store yet) a new store is begun (saved on the first
 * `saveVault`), replacing any old one. */
export async function openVault(passphrase, { create = false } = {}) {
  const stored = read();
  if (create || !stored) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    return { key: await derive(passphrase, salt, ITERATIONS), salt, iterations: ITERATIONS, data: null };
  }
  const salt = unb64(stored.salt);
  const key = await derive(passphrase, salt, stored.iterations);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(stored.iv) }, key, unb64(stored.data));
    return { key, salt, iterations: stored.iterations, data: JSON.parse(new TextDecoder().decode(plain)) };
  } catch {
    return null; // AES-GCM authenticates: a wrong key fails here
  }
}

/** Encrypts `data` (JSON) into the store, under a fresh IV. */
export async function saveVault(vault, data) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, vault.key, new TextEncoder().encode(JSON.stringify(data)));
  localStorage.setItem(STORE, JSON.stringify({
    version: 1,
    kdf: 'PBKDF2-SHA-256',
    iterations: vault.iterations,
    salt: b64(vault.salt),
    iv: b64(iv),
    data: b64(new Uint8Array(cipher)),
  }));
}

/** Deletes the store. */
export function clearVault() {
  try { localStorage.removeItem(STORE); } catch { /* nothing stored */ }
}
