import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with nothing set: the gateway on 4000, subgraphs on the next ports, data in ./data', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.subgraphPorts).toEqual({
      accounts: 4001,
      wallets: 4002,
      payments: 4003,
      offers: 4004,
      risk: 4005,
    });
    expect(config.subgraphUrls.wallets).toBe('http://127.0.0.1:4002/graphql');
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.production).toBe(false);
  });

  it('names every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres[\s\S]*LOG_LEVEL/,
    );
  });

  it('refuses the development secrets and generated keys in production', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/JWT_PRIVATE_KEY/);
    expect(message).toMatch(/CARD_TOKEN_KEY: the development default must be replaced/);
    expect(message).toMatch(/PARTNER_SECRET_PEPPER/);
  });

  it('refuses in production what is only for development: no gateway secret, a cheap password hash, NATS without credentials', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: 'k',
      JWT_PUBLIC_KEY: 'k',
      CARD_TOKEN_KEY: 'a production card token key',
      PARTNER_SECRET_PEPPER: 'a production partner pepper',
    };
    expect(() =>
      loadConfig({ ...production, PASSWORD_SCRYPT_LOG_N: '14', NATS_URL: 'nats://nats:4222' }),
    ).toThrow(
      /GATEWAY_SECRET: required in production[\s\S]*PASSWORD_SCRYPT_LOG_N[\s\S]*NATS_URL: production needs NATS credentials/,
    );
    const secured = { ...production, GATEWAY_SECRET: 'x'.repeat(32), NATS_URL: 'nats://nats:4222' };
    expect(loadConfig({ ...secured, NATS_USER: 'wallet', NATS_PASSWORD: 'p' }).nats).toMatchObject({
      user: 'wallet',
      password: 'p',
    });
    expect(loadConfig({ ...secured, NATS_CREDS_FILE: '/run/secrets/nats.creds' }).nats?.credsFile).toBe(
      '/run/secrets/nats.creds',
    );
    expect(() => loadConfig({ NATS_USER: 'wallet' })).toThrow(
      /NATS_USER, NATS_PASSWORD: give both or neither/,
    );
  });

  it('takes subgraph URLs from the environment in the distributed mode', () => {
    const config = loadConfig({ WALLETS_URL: 'http://wallets.internal:8080/graphql' });
    expect(config.subgraphUrls.wallets).toBe('http://wallets.internal:8080/graphql');
    expect(config.subgraphPorts.wallets).toBe(8080);
  });
});
