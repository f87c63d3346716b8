import { loadPaymentsConfig } from './config';

describe('the payments configuration', () => {
  it('answers within three seconds, below the gateway timeout, and lets waiting payments expire', () => {
    const config = loadPaymentsConfig({});
    expect(config).toMatchObject({
      fundingNetwork: 'sandbox',
      answerWithinMs: 3_000,
      claimTtlMs: 60_000,
      waits: { verificationMs: 15 * 60_000, reviewMs: 7 * 24 * 3_600_000 },
    });
  });

  it('refuses to choose the sandbox funding network for production, and takes it when named', () => {
    expect(() => loadPaymentsConfig({ NODE_ENV: 'production' })).toThrow(
      /FUNDING_NETWORK: production must name/,
    );
    expect(loadPaymentsConfig({ NODE_ENV: 'production', FUNDING_NETWORK: 'sandbox' }).fundingNetwork).toBe(
      'sandbox',
    );
    expect(() => loadPaymentsConfig({ FUNDING_NETWORK: 'visa' })).toThrow(/FUNDING_NETWORK/);
  });
});
