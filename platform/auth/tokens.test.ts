import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../config';
import { loadSigningKeys } from './keys';
import { Tokens } from './tokens';

describe('Tokens', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keys-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a development key pair once and verifies what it signs', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const tokens = new Tokens(await loadSigningKeys(config), 'wallet-graph', 60);
    const again = new Tokens(await loadSigningKeys(config), 'wallet-graph', 60);
    const token = await tokens.signAccount('acc-1', ['CUSTOMER', 'ANALYST']);
    await expect(again.viewerOf(`Bearer ${token}`)).resolves.toEqual({
      kind: 'account',
      accountId: 'acc-1',
      roles: ['CUSTOMER', 'ANALYST'],
    });
    const partner = await tokens.signPartner('app-1', ['accounts:read']);
    await expect(tokens.verify(partner)).resolves.toEqual({
      kind: 'partner',
      partnerAppId: 'app-1',
      scopes: ['accounts:read'],
    });
    await expect(tokens.viewerOf(undefined)).resolves.toEqual({ kind: 'anonymous' });
  });

  it('gives every token its own id and its issue time to the millisecond', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const tokens = new Tokens(await loadSigningKeys(config), 'wallet-graph', 60);
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 123);
    const first = await tokens.verifyToken(await tokens.signAccount('acc-1', ['CUSTOMER'], issuedAt));
    const second = await tokens.verifyToken(await tokens.signAccount('acc-1', ['CUSTOMER'], issuedAt));
    expect(first).toEqual({
      viewer: { kind: 'account', accountId: 'acc-1', roles: ['CUSTOMER'] },
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() - 123 + 60_000),
    });
    expect(second.tokenId).not.toBe(first.tokenId);
  });

  it('refuses tokens signed by another key, expired, or malformed, as UNAUTHENTICATED', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const tokens = new Tokens(await loadSigningKeys(config), 'wallet-graph', 60);
    const stranger = await generateKeyPair('ES256', { extractable: true });
    const foreign = await new SignJWT({ typ: 'account', roles: ['ANALYST'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('acc-1')
      .setIssuer('wallet-graph')
      .setAudience('wallet-graph')
      .setExpirationTime('1h')
      .sign(stranger.privateKey);
    await expect(tokens.verify(foreign)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = new Tokens(await loadSigningKeys(config), 'wallet-graph', -10);
    await expect(tokens.verify(await expired.signAccount('a', ['CUSTOMER']))).rejects.toThrow('expired');
    await expect(tokens.viewerOf('Basic abc')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('uses keys from the environment when given', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const config = loadConfig({
      DATA_DIR: dataDir,
      JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey),
      JWT_PUBLIC_KEY: await exportSPKI(pair.publicKey),
    });
    const tokens = new Tokens(await loadSigningKeys(config), 'wallet-graph', 60);
    await expect(tokens.verify(await tokens.signAccount('x', ['CUSTOMER']))).resolves.toMatchObject({
      accountId: 'x',
    });
  });
});
