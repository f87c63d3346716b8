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

  it('takes subgraph URLs from the environment in the distributed mode', () => {
    const config = loadConfig({ WALLETS_URL: 'http://wallets.internal:8080/graphql' });
    expect(config.subgraphUrls.wallets).toBe('http://wallets.internal:8080/graphql');
    expect(config.subgraphPorts.wallets).toBe(8080);
  });
});
