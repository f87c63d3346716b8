import { Money } from '../../../platform/money';
import { TransientFundingError, type FundingInstrument } from './funding-network';
import { SandboxFundingNetwork } from './sandbox-funding-network';

const card = (last4: string): FundingInstrument => ({
  fundingSourceId: 'fs',
  kind: 'DEBIT_CARD',
  token: 'tok',
  last4,
});
const bank = (last4: string): FundingInstrument => ({ ...card(last4), kind: 'BANK_ACCOUNT' });
const eur = (amount: string) => Money.parse(amount, 'EUR');

describe('the sandbox funding network', () => {
  const network = new SandboxFundingNetwork();

  it('approves an ordinary charge and payout', async () => {
    await expect(
      network.charge({ reference: 'c1', instrument: card('4242'), amount: eur('10.00') }),
    ).resolves.toEqual({
      approved: true,
      networkId: 'sbx_charge_c1',
    });
    await expect(
      network.payout({ reference: 'p1', instrument: bank('3000'), amount: eur('10.00') }),
    ).resolves.toMatchObject({
      approved: true,
    });
  });

  it.each([
    ['0002', 'CARD_DECLINED'],
    ['9995', 'INSUFFICIENT_FUNDS_AT_ISSUER'],
    ['0069', 'EXPIRED_CARD'],
    ['0341', 'ACCOUNT_CLOSED'],
  ])('declines a charge on last4 %s with %s', async (last4, code) => {
    await expect(
      network.charge({ reference: `c-${last4}`, instrument: card(last4), amount: eur('5.00') }),
    ).resolves.toEqual({
      approved: false,
      code,
    });
  });

  it.each([
    ['0002', 'PAYOUT_REJECTED'],
    ['0341', 'ACCOUNT_CLOSED'],
  ])('declines a payout on last4 %s with %s', async (last4, code) => {
    await expect(
      network.payout({ reference: `p-${last4}`, instrument: bank(last4), amount: eur('5.00') }),
    ).resolves.toEqual({
      approved: false,
      code,
    });
  });

  it('fails an amount ending in .13 transiently once per reference; the retry goes through', async () => {
    const request = { reference: 'c13', instrument: card('4242'), amount: eur('20.13') };
    await expect(network.charge(request)).rejects.toBeInstanceOf(TransientFundingError);
    await expect(network.charge(request)).resolves.toMatchObject({ approved: true });
  });

  it('answers a repeated reference with its first answer', async () => {
    const first = await network.charge({ reference: 'same', instrument: card('0002'), amount: eur('1.00') });
    const again = await network.charge({ reference: 'same', instrument: card('4242'), amount: eur('1.00') });
    expect(again).toEqual(first);
  });

  it('waits the configured latency', async () => {
    jest.useFakeTimers();
    try {
      const slow = new SandboxFundingNetwork({ latencyMs: 250 });
      let settled = false;
      const call = slow
        .charge({ reference: 'slow', instrument: card('4242'), amount: eur('1.00') })
        .then(() => {
          settled = true;
        });
      await jest.advanceTimersByTimeAsync(249);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await call;
      expect(settled).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
