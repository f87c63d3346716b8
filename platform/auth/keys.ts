import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type KeyLike } from 'jose';
import type { Config } from '../config';

export const JWT_ALGORITHM = 'ES256';

/** The key pair that signs and verifies every token of the graph. */
export interface SigningKeys {
  privateKey: KeyLike;
  publicKey: KeyLike;
}

const PRIVATE_FILE = 'jwt-es256.private.pem';
const PUBLIC_FILE = 'jwt-es256.public.pem';

/**
 * Loads the signing keys: from JWT_PRIVATE_KEY / JWT_PUBLIC_KEY when set (required in
 * production), otherwise from a development key pair under DATA_DIR, created on first start.
 */
export async function loadSigningKeys(config: Config): Promise<SigningKeys> {
  if (config.jwt.privateKeyPem && config.jwt.publicKeyPem) {
    return {
      privateKey: await importPKCS8(config.jwt.privateKeyPem.replace(/\\n/g, '\n'), JWT_ALGORITHM),
      publicKey: await importSPKI(config.jwt.publicKeyPem.replace(/\\n/g, '\n'), JWT_ALGORITHM),
    };
  }
  const { privatePem, publicPem } = await developmentKeyPair(config.dataDir);
  return {
    privateKey: await importPKCS8(privatePem, JWT_ALGORITHM),
    publicKey: await importSPKI(publicPem, JWT_ALGORITHM),
  };
}

async function developmentKeyPair(dataDir: string): Promise<{ privatePem: string; publicPem: string }> {
  const privatePath = path.join(dataDir, PRIVATE_FILE);
  const publicPath = path.join(dataDir, PUBLIC_FILE);
  try {
    return {
      privatePem: await fs.readFile(privatePath, 'utf8'),
      publicPem: await fs.readFile(publicPath, 'utf8'),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const pair = await generateKeyPair(JWT_ALGORITHM, { extractable: true });
  const privatePem = await exportPKCS8(pair.privateKey);
  const publicPem = await exportSPKI(pair.publicKey);
  try {
    // The public half is written first and the private half exclusively, so two processes
    // starting together end up with one pair: the loser reads the winner's.
    await fs.writeFile(privatePath, privatePem, { flag: 'wx', mode: 0o600 });
    await fs.writeFile(publicPath, publicPem, { mode: 0o644 });
    return { privatePem, publicPem };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      privatePem: await fs.readFile(privatePath, 'utf8'),
      publicPem: await fs.readFile(publicPath, 'utf8'),
    };
  }
}
