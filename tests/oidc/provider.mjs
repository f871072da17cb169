// A real OpenID Connect provider for the tests (the npm package oidc-provider), on loopback only.
//
//   node tests/oidc/provider.mjs CONFIG.json
//
// CONFIG.json: {"port": 0, "accounts": "accounts.json", "clients": [{client_id, client_secret, redirect_uris}]}
// accounts.json (read again at every login, so a test can add people): {"<login>": {"password": "…",
// "claims": {"sub": "…", "email": "…", "email_verified": true, "groups": [...], …}}}
//
// It prints "listening <issuer>" when it answers. Its login page is its own small form (in Swedish,
// accessible, so the browser tests check it with axe-core like every page); consent is given at
// once, as a first-party provider does. A redirect_uri is accepted on any port of this machine (the
// test server's port is chosen at random) when its path is one the client registered.

import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', 'testserver']);

function accounts() {
  return JSON.parse(readFileSync(config.accounts, 'utf8'));
}

function bySub(sub) {
  return Object.values(accounts()).find((account) => account.claims.sub === sub);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const server = createServer();
server.listen(config.port || 0, '127.0.0.1');
await new Promise((resolve) => { server.once('listening', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...client,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-only-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
    'https://id.oidc.se/scope/naturalPersonNumber': ['https://id.oidc.se/claim/personalIdentityNumber'],
  },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub(sub);
    return account && { accountId: sub, claims: async () => ({ ...account.claims }) };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

const registered = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  if (registered.call(this, value)) return true;
  let url;
  try { url = new URL(value); } catch { return false; }
  return LOOPBACK.has(url.hostname) && this.redirectUris.some((uri) => new URL(uri).pathname === url.pathname);
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, uid, error = '') {
  res.statusCode = error ? 400 : 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Logga in – testleverantör</title></head>
<body><main>
<h1>Logga in hos testleverantören</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="login">Användarnamn</label><br><input id="login" name="login" autocomplete="username" required></p>
<p><label for="password">Lösenord</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Logga in</button></p>
</form>
</main></body></html>`);
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') return page(res, details.uid);
    const form = await body(req);
    const account = accounts()[form.get('login') || ''];
    if (!account || account.password !== form.get('password')) return page(res, details.uid, 'Fel användarnamn eller lösenord.');
    return await provider.interactionFinished(req, res, { login: { accountId: account.claims.sub } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 400;
    res.end(String(error));
  }
});

process.on('SIGTERM', () => { server.close(); process.exit(0); });
console.log(`listening ${issuer}`);
