// The official MCP TypeScript SDK signing in to the Reading Room as a host would, with the script itself standing
// in for the person at the consent page. Run by tests/Connector.DevAuth.Tests/SignIn/TypeScriptClientTests.cs.
//
//   node flow.mjs sign-in  <connector-url> <identity> <state-file>
//       401 -> protected resource metadata -> AS metadata -> DCR -> authorize -> consent (Approve as <identity>)
//       -> token; then tools, begin_session, the catalog, the shelf before and after saving night-trains.
//       Writes the registered client and its tokens to <state-file> for the next mode.
//   node flow.mjs sign-in  <connector-url> <identity> <state-file> --client-metadata-url <url>
//       The same, but the client never registers: it names <url>, its Client ID Metadata Document, as its client_id
//       (the SDK's `clientMetadataUrl`; the SDK 1.32.2 takes it only as an https URL with a path, and only when the
//       authorization server advertises client_id_metadata_document_supported).
//   node flow.mjs new-chat <connector-url> <state-file>
//       A new conversation of the same host: no consent page, only the saved client and refresh token; reads the shelf.
//
// Every run counts the requests it makes to a /register endpoint (`registrations`), so a test can tell DCR from CIMD.
//
// Prints one JSON line to stdout and exits 0; any failure goes to stderr with exit 1.

import { readFile, writeFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

// Nothing listens here: the code is read from the consent page's redirect, which is never followed.
const CALLBACK_URL = 'http://127.0.0.1:1/e2e-callback';

// Every request the SDK makes goes through the global fetch; the script only counts registrations.
const requested = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  requested.push({ method: init?.method ?? (input instanceof Request ? input.method : 'GET'), path: url.pathname });
  return realFetch(input, init);
};
const registrations = () => requested.filter((r) => r.method === 'POST' && r.path.endsWith('/register')).length;

class InMemoryOAuthProvider {
  constructor({ identity, clientInformation, tokens, interactive, clientMetadataUrl }) {
    this.identity = identity;
    // Read by the SDK's auth(): with it (and the server's client_id_metadata_document_supported) the URL is the
    // client_id and /register is never called. Left undefined, the SDK falls back to Dynamic Client Registration.
    this.clientMetadataUrl = clientMetadataUrl;
    this.interactive = interactive;
    this._clientInformation = clientInformation;
    this._tokens = tokens;
    this._codeVerifier = undefined;
    this.pendingCode = undefined;
    this.consentPages = 0;
  }

  get redirectUrl() {
    return CALLBACK_URL;
  }

  get clientMetadata() {
    return {
      client_name: 'Reading Room e2e (MCP TypeScript SDK)',
      redirect_uris: [CALLBACK_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this._clientInformation;
  }

  // Kept unchanged: the SDK stamps `issuer` on it and refuses to present it to another authorization server.
  saveClientInformation(information) {
    this._clientInformation = information;
  }

  tokens() {
    return this._tokens;
  }

  saveTokens(tokens) {
    this._tokens = tokens;
  }

  saveCodeVerifier(verifier) {
    this._codeVerifier = verifier;
  }

  codeVerifier() {
    if (!this._codeVerifier) throw new Error('The SDK asked for a PKCE verifier it never saved.');
    return this._codeVerifier;
  }

  // The "browser": GET the consent page, keep its cookie, POST Approve as the chosen identity, take the code
  // from the 303. The SDK then throws UnauthorizedError from connect(), as it does in a real host.
  async redirectToAuthorization(url) {
    if (!this.interactive) {
      throw new Error(`A new chat must not need the consent page again, but the SDK redirected to ${url}`);
    }
    this.consentPages++;
    this.pendingCode = await approveConsent(url, this.identity);
  }
}

async function approveConsent(authorizeUrl, identity) {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) {
    throw new Error(`GET ${authorizeUrl} answered ${page.status}: ${html.slice(0, 500)}`);
  }
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const form = new URLSearchParams({
    request_id: hiddenField(html, 'request_id'),
    csrf_token: hiddenField(html, 'csrf_token'),
    decision: 'approve',
    sub: identity,
  });
  const decided = await fetch(new URL('/authorize', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookies ? { cookie: cookies } : {}) },
    body: form,
  });
  const location = decided.headers.get('location');
  if (decided.status !== 303 || !location) {
    throw new Error(`Approve answered ${decided.status} (Location: ${location}): ${(await decided.text()).slice(0, 500)}`);
  }
  const back = new URL(location);
  if (`${back.origin}${back.pathname}` !== CALLBACK_URL) {
    throw new Error(`Approve redirected to ${location}, not to the registered ${CALLBACK_URL}`);
  }
  const expectedState = new URL(authorizeUrl).searchParams.get('state');
  if (expectedState !== back.searchParams.get('state')) {
    throw new Error(`The redirect's state ${back.searchParams.get('state')} is not the request's ${expectedState}`);
  }
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`Approve redirected without a code: ${location}`);
  return code;
}

function hiddenField(html, name) {
  const input = [...html.matchAll(/<input\b[^>]*>/gi)]
    .map((m) => m[0])
    .find((tag) => /type="hidden"/i.test(tag) && new RegExp(`name="${name}"`).test(tag));
  const value = input?.match(/value="([^"]*)"/)?.[1];
  if (value === undefined) throw new Error(`The consent page has no hidden field ${name}`);
  return decodeHtml(value);
}

function decodeHtml(text) {
  return text
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function jwtPayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

// The SDK's own output-schema check, kept but made to report instead of throw: a mismatch would otherwise stop
// the flow at the first tool, and the test wants both the whole flow and the exact list of mismatches to judge.
const outputSchemaViolations = [];
let currentTool;

class RecordingValidator {
  constructor() {
    this.inner = new AjvJsonSchemaValidator();
  }

  getValidator(schema) {
    const validate = this.inner.getValidator(schema);
    return (input) => {
      const result = validate(input);
      if (result.valid) return result;
      outputSchemaViolations.push({ tool: currentTool, error: result.errorMessage });
      return { valid: true, data: input, errorMessage: undefined };
    };
  }
}

function newClient() {
  return new Client({ name: 'reading-room-e2e', version: '1.0.0' }, { jsonSchemaValidator: new RecordingValidator() });
}

// The SDK's documented interactive flow: connect, which redirects and throws UnauthorizedError; finishAuth with the
// code; then connect again over a new transport (the first one is already started).
async function signIn(url, provider) {
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client = newClient();
  try {
    await client.connect(first);
    throw new Error('The gateway let an unauthenticated client connect.');
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !provider.pendingCode) throw error;
  }
  await first.finishAuth(provider.pendingCode);
  await first.close();

  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const signedIn = newClient();
  await signedIn.connect(transport);
  return signedIn;
}

async function call(client, name, args = {}) {
  currentTool = name;
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) {
    throw new Error(`${name} failed: ${result.content?.map((c) => c.text).join(' ')}`);
  }
  if (!result.structuredContent) throw new Error(`${name} returned no structured content`);
  return result.structuredContent;
}

const shelfIds = (shelf) => shelf.shelf.items.map((item) => item.articleId);

async function beginSession(client) {
  const begun = await call(client, 'begin_session');
  if (typeof begun.session !== 'string') throw new Error('begin_session returned no session');
  return begun.session;
}

function tokenClaims(provider) {
  const claims = jwtPayload(provider.tokens().access_token);
  return { aud: claims.aud, sub: claims.sub, iss: claims.iss, client_id: claims.client_id };
}

async function runSignIn(url, identity, stateFile, clientMetadataUrl) {
  const provider = new InMemoryOAuthProvider({ identity, interactive: true, clientMetadataUrl });
  const client = await signIn(url, provider);
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const session = await beginSession(client);
    const articles = (await call(client, 'domain_list_articles', { session })).articles.map((a) => a.id);
    const shelfBefore = shelfIds(await call(client, 'user_get_shelf', { session }));
    const saved = await call(client, 'user_save_to_shelf', { session, article_id: 'night-trains', progress: 40 });
    const shelfAfter = shelfIds(await call(client, 'user_get_shelf', { session }));

    await writeFile(stateFile, JSON.stringify({
      clientInformation: provider.clientInformation(),
      tokens: provider.tokens(),
    }), { mode: 0o600 });

    return {
      mode: 'sign-in',
      consentPages: provider.consentPages,
      clientId: provider.clientInformation().client_id,
      registrations: registrations(),
      token: tokenClaims(provider),
      hasRefreshToken: Boolean(provider.tokens().refresh_token),
      tools,
      articles,
      shelfBefore,
      saved: { articleId: saved.saved?.articleId, progress: saved.saved?.progress },
      shelfAfter,
      outputSchemaViolations,
    };
  } finally {
    await client.close();
  }
}

async function runNewChat(url, stateFile) {
  const saved = JSON.parse(await readFile(stateFile, 'utf8'));
  const provider = new InMemoryOAuthProvider({
    interactive: false,
    clientInformation: saved.clientInformation,
    tokens: saved.tokens,
  });
  // A new chat holds the refresh token, not a live access token: the SDK's own auth() trades it (no code, so it
  // takes the refresh path) before the first request, as it would after a 401 on an expired access token.
  const outcome = await auth(provider, { serverUrl: url });
  if (outcome !== 'AUTHORIZED') throw new Error(`auth() with the saved refresh token answered ${outcome}`);
  const rotated = provider.tokens().refresh_token !== saved.tokens.refresh_token;
  await writeFile(stateFile, JSON.stringify({ clientInformation: provider.clientInformation(), tokens: provider.tokens() }), { mode: 0o600 });

  const client = newClient();
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  try {
    // Listed as a host would at the start of a chat; it also arms the SDK's output-schema check for the calls.
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const session = await beginSession(client);
    const shelf = await call(client, 'user_get_shelf', { session });
    return {
      mode: 'new-chat',
      consentPages: provider.consentPages,
      clientId: provider.clientInformation().client_id,
      registrations: registrations(),
      refreshTokenRotated: rotated,
      token: tokenClaims(provider),
      tools,
      shelf: shelfIds(shelf),
      shelfEntries: shelf.shelf.items.map((i) => ({ articleId: i.articleId, progress: i.progress })),
      outputSchemaViolations,
    };
  } finally {
    await client.close();
  }
}

async function main(argv) {
  const [mode, ...rest] = argv;
  if (mode === 'sign-in' && rest.length === 3) return runSignIn(new URL(rest[0]), rest[1], rest[2]);
  if (mode === 'sign-in' && rest.length === 5 && rest[3] === '--client-metadata-url') {
    return runSignIn(new URL(rest[0]), rest[1], rest[2], new URL(rest[4]).href === rest[4] ? rest[4] : usage());
  }
  if (mode === 'new-chat' && rest.length === 2) return runNewChat(new URL(rest[0]), rest[1]);
  return usage();
}

function usage() {
  throw new Error('usage: flow.mjs sign-in <connector-url> <identity> <state-file> [--client-metadata-url <url>]'
    + ' | flow.mjs new-chat <connector-url> <state-file>');
}

try {
  const result = await main(process.argv.slice(2));
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (error) {
  process.stderr.write(`flow.mjs failed: ${error?.stack ?? error}\n`);
  process.exit(1);
}
